// nlohmann::ordered_json -> Python objects, built directly (no dump + json.loads).
#include "to_python.hpp"

#include <cstdint>

namespace py = pybind11;

namespace ikpy {

py::str utf8_str(std::string_view s) {
    PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

py::object to_python(const incidentkit::ordered_json& j) {
    using value_t = incidentkit::ordered_json::value_t;
    switch (j.type()) {
        case value_t::null:
        case value_t::discarded: return py::none();
        case value_t::boolean: return py::bool_(j.get<bool>());
        case value_t::number_integer: return py::int_(j.get<std::int64_t>());
        case value_t::number_unsigned: return py::int_(j.get<std::uint64_t>());
        case value_t::number_float: return py::float_(j.get<double>());
        case value_t::string: return utf8_str(j.get_ref<const std::string&>());
        case value_t::binary: {
            const auto& b = j.get_binary();
            return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
        }
        case value_t::array: {
            py::list list(j.size());
            std::size_t i = 0;
            for (const auto& v : j) list[i++] = to_python(v);
            return list;
        }
        case value_t::object: {
            py::dict dict;  // insertion-ordered, as ordered_json is
            for (const auto& [key, v] : j.items()) dict[utf8_str(key)] = to_python(v);
            return dict;
        }
    }
    return py::none();
}

}  // namespace ikpy
