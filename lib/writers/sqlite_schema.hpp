// The SQLite schema the sqlite batch writer creates (docs/sqlite.md documents every table and column).
#pragma once

namespace incidentkit::sqlite {

/// Bumped when a table or column changes incompatibly; stored in meta('schema_version').
inline constexpr int kDbSchemaVersion = 1;

/// Idempotent: every statement is "if not exists". Child rows hang off incidents.incident_id and go with it
/// (on delete cascade); an incident goes with its document.
inline constexpr const char* kSchemaSql = R"SQL(
create table if not exists meta (
  key text primary key,
  value text not null
);
create table if not exists documents (
  path text primary key,
  format text not null,
  incidents integer not null,
  digest text not null
);
create table if not exists incidents (
  incident_id integer primary key,
  path text not null references documents(path) on delete cascade,
  incident_index integer not null,
  id text, type text, title text, status text,
  severity_level integer, severity_label text, severity_raw text,
  commander_name text, commander_handle text,
  date text, started_at text, detected_at text, mitigated_at text, resolved_at text,
  duration_minutes integer,
  customer_impact text,
  summary text,
  root_cause text,
  data_loss integer,
  format text not null,
  json text not null,
  unique (path, incident_index)
);
create index if not exists incidents_date on incidents(date);
create index if not exists incidents_severity on incidents(severity_level);
create index if not exists incidents_customer_impact on incidents(customer_impact);
create index if not exists incidents_status on incidents(status);
create index if not exists incidents_id on incidents(id);

create table if not exists people (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  role text not null,
  position integer not null,
  name text not null, handle text,
  primary key (incident_id, role, position)
);
create index if not exists people_name on people(name);
create table if not exists affected_systems (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  system text not null,
  primary key (incident_id, position)
);
create index if not exists affected_systems_system on affected_systems(system);
create table if not exists tags (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  tag text not null,
  primary key (incident_id, position)
);
create index if not exists tags_tag on tags(tag);
create table if not exists links (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  rel text not null, target text not null, title text, date text,
  primary key (incident_id, position)
);
create index if not exists links_target on links(target);
create table if not exists impact_items (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  item text not null,
  primary key (incident_id, position)
);
create table if not exists metrics (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  name text not null, value real, unit text, approximate integer not null, text text not null,
  primary key (incident_id, position)
);
create table if not exists timeline (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  at text, time text not null, event text not null, actor text, tags text not null,
  primary key (incident_id, position)
);
create index if not exists timeline_at on timeline(at);
create table if not exists resolution (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  step text not null,
  primary key (incident_id, position)
);
create table if not exists action_items (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  action text not null, owner_name text, owner_handle text, due text, status text, priority text,
  primary key (incident_id, position)
);
create index if not exists action_items_owner on action_items(owner_name);
create index if not exists action_items_status on action_items(status);
create table if not exists action_item_links (
  incident_id integer not null,
  item_position integer not null,
  position integer not null,
  link text not null,
  primary key (incident_id, item_position, position),
  foreign key (incident_id, item_position) references action_items(incident_id, position) on delete cascade
);
create table if not exists lessons_learned (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  lesson text not null,
  primary key (incident_id, position)
);
create table if not exists sections (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  heading text not null, markdown text not null,
  primary key (incident_id, position)
);
create table if not exists warnings (
  incident_id integer not null references incidents(incident_id) on delete cascade,
  position integer not null,
  line integer not null, message text not null,
  primary key (incident_id, position)
);
create virtual table if not exists incidents_fts using fts5(
  title, summary, root_cause, timeline, action_items, tokenize = 'unicode61 remove_diacritics 2'
);
create trigger if not exists incidents_fts_delete after delete on incidents begin
  delete from incidents_fts where rowid = old.incident_id;
end;
)SQL";

}  // namespace incidentkit::sqlite
