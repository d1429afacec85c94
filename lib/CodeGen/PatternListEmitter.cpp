//===- PatternListEmitter.cpp - --emit=simple and --emit=complex ----------===//
//
// One line per config: the forward-order tuple or the legacy reversed nested
// tuple, as Python source.
//
//===----------------------------------------------------------------------===//

#include "PythonRepr.h"
#include "bpat/CodeGen/Emitters.h"

using namespace bpat;
using namespace bpat::codegen;

std::string codegen::renderPattern(const lower::PyPattern &pattern) {
  return renderPython(pattern);
}

void codegen::emitPatternList(const lower::LoweredBackend &backend, bool simple,
                              llvm::raw_ostream &os) {
  os << "# backend " << backend.backend->name << "\n";
  for (const lower::LoweredConfig &config : backend.configs) {
    if (!simple) {
      os << renderPython(config.complex) << "\n";
      continue;
    }
    if (!config.simple) {
      os << "<no simple form: " << config.noSimpleReason << ">\n";
      continue;
    }
    os << renderPython(*config.simple);
    if (!config.registersSimple())
      os << "  # " << config.chainLength
         << " ops: PyTorch registers it in the legacy form";
    os << "\n";
  }
}
