//===- RuntimeImageEmitter.cpp - --emit=runtime-bin -----------------------===//
//
// Writes the compiled backend bpat-match loads without parsing: the runtime
// JSON of RuntimeJSONEmitter.cpp, wrapped by the runtime library's image
// writer (rt::writeBackendImage) together with both matcher tables and the
// label of every config. The layout is the runtime's (BackendImage.h), so
// that writer and reader cannot drift apart.
//
//===----------------------------------------------------------------------===//

#include "bpat/CodeGen/Emitters.h"
#include "bpat/Runtime/BackendImage.h"

using namespace bpat;

llvm::Error codegen::emitRuntimeImage(const rt::BackendConfig &config,
                                      llvm::raw_ostream &os) {
  std::string json;
  {
    llvm::raw_string_ostream jsonOS(json);
    emitRuntimeJSON(config, jsonOS);
  }
  rt::Expected<std::string> image = rt::writeBackendImage(config, json);
  if (!image)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   image.message().c_str());
  os << *image;
  return llvm::Error::success();
}
