# Writes OUTPUT, a C++ fragment defining `static const char NAME[]` with the
# bytes of INPUT as a raw string literal (for text resources compiled into a
# library, e.g. lib/CodeGen/TorchPrelude.py). Run as
#   cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P EmbedText.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")bpat_text\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )bpat_text\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.\n"
  "static const char ${NAME}[] = R\"bpat_text(${text})bpat_text\";\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
