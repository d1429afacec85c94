//===- CompiledBackend.cpp - The compiled backend file, read --------------===//
//
// Part of the bpat project.
//
// The file is checked by the runtime (rt::BackendImage::open); what this
// adds is the file itself, diagnostics that name it, and the cross-check
// between the image's labels and the configs of the runtime JSON it carries.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphIO/CompiledBackend.h"
#include "bpat/GraphIO/BackendReader.h"
#include "bpat/Runtime/Pattern.h"
#include "bpat/Support/InputFile.h"
#include "llvm/Support/FileSystem.h"

using namespace bpat;
using namespace llvm;

/// A regular file is mapped, not read: a plain match map touches only the
/// pages of the tables and labels, not those of the runtime JSON (on this
/// project's VMs a page touched for the first time costs microseconds).
/// Anything else goes through readInputFile.
static Expected<std::unique_ptr<MemoryBuffer>> mapOrRead(StringRef path) {
  sys::fs::file_status status;
  if (path != "-" && !sys::fs::status(path, status) &&
      status.type() == sys::fs::file_type::regular_file &&
      status.getSize() <= defaultInputSizeLimit) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> mapped =
        MemoryBuffer::getFile(path, /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (mapped)
      return std::move(*mapped);
  }
  return readInputFile(path);
}

std::optional<graphio::CompiledBackend>
graphio::readCompiledBackendFile(StringRef path, DiagnosticEngine &diags) {
  Expected<std::unique_ptr<MemoryBuffer>> buffer = mapOrRead(path);
  if (!buffer) {
    diags.errorNoLoc(toString(buffer.takeError()));
    return std::nullopt;
  }
  std::unique_ptr<MemoryBuffer> bytes = std::move(*buffer);
  rt::Expected<rt::BackendImage> image = rt::BackendImage::open(
      std::string_view(bytes->getBufferStart(), bytes->getBufferSize()));
  if (!image) {
    diags.errorNoLoc(path + ": " + image.message() +
                     " (bpatc --emit=runtime-bin writes one)");
    return std::nullopt;
  }
  return CompiledBackend{path.str(), std::move(bytes), *image};
}

std::optional<rt::BackendConfig>
graphio::readCompiledBackendConfigs(const CompiledBackend &compiled,
                                    DiagnosticEngine &diags) {
  const rt::BackendImage &image = compiled.image;
  if (rt::Error e = image.checkRuntimeJSON()) {
    diags.errorNoLoc(compiled.path + ": " + e.message());
    return std::nullopt;
  }
  std::string_view json = image.runtimeJSON();
  unsigned id = diags.getSourceMgr().AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(StringRef(json.data(), json.size()),
                                     compiled.path + "(runtime JSON)"),
      SMLoc());
  std::optional<rt::BackendConfig> backend = readRuntimeBackend(id, diags);
  if (!backend)
    return std::nullopt;
  auto mismatch = [&](const Twine &what) {
    diags.errorNoLoc(compiled.path + ": the image's tables do not belong to " +
                     "its configs: " + what);
    return std::nullopt;
  };
  if (backend->name != image.name())
    return mismatch("the runtime JSON is of backend '" + backend->name +
                    "', the image of '" + StringRef(image.name()) + "'");
  if (backend->configs.size() != image.numConfigs())
    return mismatch("the runtime JSON has " + Twine(backend->configs.size()) +
                    " configs, the image " + Twine(image.numConfigs()));
  for (uint32_t i = 0; i != image.numConfigs(); ++i) {
    const rt::BackendPatternConfig &config = backend->configs[i];
    if (rt::renderPattern(config.pattern) != image.pattern(i) ||
        config.provenance != image.provenance(i))
      return mismatch("config " + Twine(i) + " is " +
                      rt::renderPattern(config.pattern) +
                      " in the runtime JSON, " + StringRef(image.pattern(i)) +
                      " in the image");
  }
  return backend;
}
