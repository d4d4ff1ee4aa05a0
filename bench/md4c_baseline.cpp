// md4c_baseline: the floor any md4c-based reader pays. Reads every file named on stdin (one path a line) and
// runs md_parse over it with empty callbacks (the same flags incidentkit uses); prints files, bytes, seconds.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <md4c.h>

namespace {
int on_block(MD_BLOCKTYPE, void*, void*) { return 0; }
int on_span(MD_SPANTYPE, void*, void*) { return 0; }
int on_text(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void* ud) {
    ++*static_cast<std::size_t*>(ud);
    return 0;
}
}  // namespace

int main() {
    MD_PARSER parser{};
    parser.flags = MD_FLAG_TABLES | MD_FLAG_TASKLISTS | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
    parser.enter_block = on_block;
    parser.leave_block = on_block;
    parser.enter_span = on_span;
    parser.leave_span = on_span;
    parser.text = on_text;
    std::size_t files = 0, bytes = 0, texts = 0;
    const auto start = std::chrono::steady_clock::now();
    std::string path;
    while (std::getline(std::cin, path)) {
        std::ifstream f(path, std::ios::binary);
        std::stringstream s;
        s << f.rdbuf();
        const std::string data = s.str();
        md_parse(data.data(), static_cast<MD_SIZE>(data.size()), &parser, &texts);
        ++files;
        bytes += data.size();
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%zu files %zu bytes %.3f s (%zu text runs)\n", files, bytes, secs, texts);
    return 0;
}
