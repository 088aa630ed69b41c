# Run with cmake -P: turns INPUT (a text file) into OUTPUT, a C++ source defining
# waveamp::kDefaultModelJson / kDefaultModelName as a NUL-terminated byte array.
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${name} by cmake/EmbedFile.cmake; do not edit.\n"
"#include \"DefaultModel.h\"\n"
"namespace waveamp {\n"
"static const char kBytes[] = {${bytes} 0x00};\n"
"const char* const kDefaultModelJson = kBytes;\n"
"const char* const kDefaultModelName = \"${name} (embedded default model)\";\n"
"}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
