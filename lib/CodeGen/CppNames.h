//===- CppNames.h - Spelling names and literals in C++ ----------*- C++ -*-===//

#ifndef BPAT_LIB_CODEGEN_CPPNAMES_H
#define BPAT_LIB_CODEGEN_CPPNAMES_H

#include <string>

namespace bpat {
namespace codegen {

/// `name`, or `name_` if it is a C++ keyword.
std::string cppIdentifier(const std::string &name);

/// A C++ string literal holding `text` (escapes for `"`, `\`, every `?`
/// so no trigraph can form, and octal escapes for the rest of non-printable
/// ASCII and all non-ASCII bytes).
std::string cppStringLiteral(const std::string &text);

/// `text` made safe inside a `//` comment: it cannot end the comment line
/// (control characters as `\n`, `\t`, `\xNN`), splice the next line into it
/// (a backslash is written `\\`, never last), or form a trigraph (`??` as
/// `?\?`). Printable ASCII and UTF-8 text stay as they are, for people.
std::string cppCommentText(const std::string &text);

/// The include guard of a generated header: `BPAT_GENERATED_<KIND>_<NAME>_H`.
std::string includeGuard(const std::string &kind,
                         const std::string &backendName);

/// The generated namespace of a backend: `bpat_gen_<name>`.
std::string backendNamespace(const std::string &backendName);

} // namespace codegen
} // namespace bpat

#endif
