//===- PythonRepr.h - Python spellings shared by the emitters ---*- C++ -*-===//
//
// Private to lib/CodeGen: how patterns, floats and fuser references are
// written in the Python-flavoured outputs (simple, complex, json, torch) and
// in comments of the C++ ones.
//
//===----------------------------------------------------------------------===//

#ifndef BPAT_LIB_CODEGEN_PYTHONREPR_H
#define BPAT_LIB_CODEGEN_PYTHONREPR_H

#include "bpat/Lower/Lowering.h"
#include <string>

namespace bpat {
namespace codegen {

/// A pattern in Python tuple syntax: ops by qualified name, methods as
/// quoted strings, the wildcard as MatchAllNode. This is what
/// `--emit=complex` prints and what match maps use.
std::string renderPython(const lower::PyPattern &pattern);

/// Python's repr() of a float: the shortest text that reads back exactly.
std::string formatPythonFloat(double value);

/// The string `--emit=json` writes for a config's fuser_method.
std::string fuserMethodName(const lower::LoweredConfig &config);

} // namespace codegen
} // namespace bpat

#endif // BPAT_LIB_CODEGEN_PYTHONREPR_H
