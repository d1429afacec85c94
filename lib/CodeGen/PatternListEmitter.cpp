//===- PatternListEmitter.cpp - --emit=simple and --emit=complex ----------===//

#include "PythonRepr.h"
#include "bpat/CodeGen/Emitters.h"

using namespace bpat;
using namespace bpat::codegen;

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
