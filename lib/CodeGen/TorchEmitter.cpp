//===- TorchEmitter.cpp - --emit=torch ------------------------------------===//
//
// Placeholder until the Python emitter lands: reports that it is missing.
//
//===----------------------------------------------------------------------===//

#include "bpat/CodeGen/Emitters.h"

using namespace bpat;

void codegen::emitTorch(const lower::LoweredBackend &backend,
                        TorchTarget target, llvm::raw_ostream &os) {
  os << "# --emit=torch is not implemented yet\n";
}
