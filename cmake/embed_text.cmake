# Turns a text file into a C++ header holding it as a string_view constant (cmake -DIN=... -DOUT=... -P).
file(READ ${IN} content)
get_filename_component(dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#pragma once\n#include <string_view>\nnamespace incidentkit::generated {\ninline constexpr std::string_view kSchemaText = R\"IKTEXT(${content})IKTEXT\";\n}\n")
