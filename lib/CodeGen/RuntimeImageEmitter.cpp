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
#include <algorithm>
#include <new>

using namespace bpat;

llvm::Error codegen::emitRuntimeImage(const lower::LoweredBackend &backend,
                                      const rt::BackendConfig &matcherModel,
                                      llvm::raw_ostream &os) {
  std::string json;
  // The JSON is held whole (the image's header records its checksum); room
  // for it is reserved up front, so that it is not copied and held twice as
  // the string grows. Pages of the reservation that are never written are
  // never touched either. A config's JSON is about 500 bytes in the
  // generated benchmark backends; the reservation stops at 1 GiB, and is
  // only a hint where the system will not give that much address space.
  try {
    json.reserve(std::min<size_t>(backend.configs.size(), size_t(1) << 20) *
                 1024);
  } catch (const std::bad_alloc &) {
  }
  {
    llvm::raw_string_ostream jsonOS(json);
    // Unbuffered by default: each of the emitter's small writes would be a
    // call of its own (twice the cost of the whole emitter).
    jsonOS.SetBuffered();
    emitRuntimeJSON(backend, matcherModel, jsonOS);
    // LLVM 14's raw_string_ostream does not flush when destroyed.
    jsonOS.flush();
  }
  if (rt::Error e =
          rt::writeBackendImage(matcherModel, json, [&](std::string_view part) {
            os.write(part.data(), part.size());
          }))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   e.message().c_str());
  return llvm::Error::success();
}
