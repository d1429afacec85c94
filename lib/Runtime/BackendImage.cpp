//===- BackendImage.cpp - Writing and checking a compiled backend ---------===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
// The one place that knows the byte layout of a backend image
// (docs/json-format.md §7): the writer bpatc uses and the checks a reader
// runs before it trusts any offset in the file.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/BackendImage.h"

#include "bpat/Runtime/MatcherTableBuilder.h"
#include "bpat/Runtime/Pattern.h"

#include <cstring>
#include <functional>
#include <limits>

namespace bpat::rt {

namespace {

constexpr size_t headerBytes = image::HeaderSize * 4;
constexpr size_t checksumBytes = image::HChecksumLow * 4;

uint64_t load64(const unsigned char *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

uint64_t rotl(uint64_t v, int n) { return (v << n) | (v >> (64 - n)); }

/// One lane of a multiply-rotate hash over 8-byte words: fast enough that
/// checking a whole image costs less than reading it.
struct Hasher {
  uint64_t h;
  explicit Hasher(size_t size) : h(0x9E3779B97F4A7C15ull ^ size) {}
  void add(uint64_t v) {
    v *= 0xC2B2AE3D27D4EB4Full;
    h ^= rotl(v, 31) * 0x9E3779B185EBCA87ull;
    h = rotl(h, 27) * 5 + 0x52DCE729;
  }
  void addBytes(const unsigned char *p, size_t n) {
    for (size_t i = 0; i + 8 <= n; i += 8)
      add(load64(p + i));
  }
  uint64_t finish() const {
    uint64_t v = h;
    v ^= v >> 33;
    v *= 0xFF51AFD7ED558CCDull;
    v ^= v >> 33;
    return v;
  }
};

size_t alignTo8(size_t n) { return (n + 7) & ~size_t(7); }

void putWord(std::string &out, size_t wordIndex, uint32_t value) {
  std::memcpy(&out[wordIndex * 4], &value, 4);
}

} // namespace

uint64_t image::hash(const unsigned char *bytes, size_t size) {
  Hasher hasher(size);
  hasher.addBytes(bytes, size);
  return hasher.finish();
}

uint64_t image::checksum(const unsigned char *bytes, size_t size) {
  // Callers pass images whose header and runtime JSON offset were checked.
  uint32_t json;
  std::memcpy(&json, bytes + (HSections + 2 * SRuntimeJSON) * 4, 4);
  Hasher hasher(size);
  hasher.addBytes(bytes, checksumBytes);
  hasher.addBytes(bytes + headerBytes, json - headerBytes);
  return hasher.finish();
}

Error BackendImage::checkRuntimeJSON() const {
  std::string_view json = section(image::SRuntimeJSON);
  // The section starts 8-aligned and the file is zero-padded to 8 bytes.
  uint64_t sum =
      image::hash(reinterpret_cast<const unsigned char *>(json.data()),
                  alignTo8(json.size()));
  if (word(image::HJSONChecksumLow) != uint32_t(sum) ||
      word(image::HJSONChecksumHigh) != uint32_t(sum >> 32))
    return Error::failure("not a valid backend image: the checksum of its "
                          "runtime JSON does not match (damaged)");
  return Error::success();
}

uint32_t BackendImage::word(uint32_t index) const {
  uint32_t v;
  std::memcpy(&v, bytes.data() + size_t(index) * 4, 4);
  return v;
}

std::string_view BackendImage::section(image::Section s) const {
  return bytes.substr(word(image::HSections + 2 * s),
                      word(image::HSections + 2 * s + 1));
}

const uint32_t *BackendImage::labels() const {
  return reinterpret_cast<const uint32_t *>(section(image::SLabels).data());
}

MatcherTableView BackendImage::table(MatchMode mode) const {
  std::string_view words = section(
      mode == MatchMode::Quantize ? image::SQuantizeWords : image::SFuseWords);
  std::string_view strings =
      section(mode == MatchMode::Quantize ? image::SQuantizeStrings
                                          : image::SFuseStrings);
  return MatcherTableView{reinterpret_cast<const uint32_t *>(words.data()),
                          words.size() / 4, strings.data(), strings.size()};
}

std::string_view BackendImage::pattern(uint32_t index) const {
  const uint32_t *l = labels() + size_t(index) * 4;
  return str(l[0], l[1]);
}

std::string_view BackendImage::provenance(uint32_t index) const {
  const uint32_t *l = labels() + size_t(index) * 4;
  return str(l[2], l[3]);
}

Expected<BackendImage> BackendImage::open(std::string_view bytes) {
  auto fail = [](const std::string &what) {
    return Error::failure("not a valid backend image: " + what);
  };
  if (bytes.size() < headerBytes)
    return fail("it is shorter than the header (" +
                std::to_string(bytes.size()) + " bytes)");
  if (reinterpret_cast<uintptr_t>(bytes.data()) % 8 != 0)
    return fail("it is not 8-byte aligned in memory");
  BackendImage img(bytes);
  if (img.word(image::HMagic) != image::magic)
    return fail("it does not start with \"BPCB\"");
  if (img.word(image::HVersion) != image::version)
    return fail(
        "it is of format version " + std::to_string(img.word(image::HVersion)) +
        "; this runtime reads version " + std::to_string(image::version));
  if (img.word(image::HFileSize) != bytes.size() || bytes.size() % 8 != 0)
    return fail("its header gives " +
                std::to_string(img.word(image::HFileSize)) +
                " bytes, the file has " + std::to_string(bytes.size()) +
                " (truncated?)");
  static const char *const sectionNames[image::NumSections] = {
      "strings",    "labels",       "quantize table", "quantize strings",
      "fuse table", "fuse strings", "runtime JSON"};
  for (uint32_t s = 0; s != image::NumSections; ++s) {
    uint64_t offset = img.word(image::HSections + 2 * s);
    uint64_t size = img.word(image::HSections + 2 * s + 1);
    if (offset < headerBytes || offset % 8 != 0 || offset + size > bytes.size())
      return fail(std::string("its ") + sectionNames[s] +
                  " section is out of bounds");
  }
  // The runtime JSON is last, padded to the end of the file; the checksum
  // covers what is before it.
  uint64_t json = img.word(image::HSections + 2 * image::SRuntimeJSON);
  if (alignTo8(json + img.section(image::SRuntimeJSON).size()) != bytes.size())
    return fail("its runtime JSON section does not end the file");
  for (uint32_t s = 0; s != image::SRuntimeJSON; ++s)
    if (img.word(image::HSections + 2 * s) +
            uint64_t(img.word(image::HSections + 2 * s + 1)) >
        json)
      return fail(std::string("its ") + sectionNames[s] +
                  " section overlaps the runtime JSON");
  uint64_t sum = image::checksum(
      reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
  if (img.word(image::HChecksumLow) != uint32_t(sum) ||
      img.word(image::HChecksumHigh) != uint32_t(sum >> 32))
    return fail("its checksum does not match its contents (damaged)");
  for (image::Section s :
       {image::SLabels, image::SQuantizeWords, image::SFuseWords})
    if (img.section(s).size() % 4 != 0)
      return fail(std::string("its ") + sectionNames[s] +
                  " section is not whole words");

  size_t strings = img.section(image::SStrings).size();
  auto inStrings = [&](uint32_t offset, uint32_t size) {
    return uint64_t(offset) + size <= strings;
  };
  if (!inStrings(img.word(image::HNameOffset), img.word(image::HNameSize)))
    return fail("its name is outside the strings section");
  uint32_t numConfigs = img.numConfigs();
  if (img.section(image::SLabels).size() != uint64_t(numConfigs) * 16)
    return fail("its labels section does not hold " +
                std::to_string(numConfigs) + " configs");
  const uint32_t *l = img.labels();
  for (uint32_t i = 0; i != numConfigs; ++i, l += 4)
    if (!inStrings(l[0], l[1]) || !inStrings(l[2], l[3]))
      return fail("the label of config " + std::to_string(i) +
                  " is outside the strings section");

  for (MatchMode mode : {MatchMode::Quantize, MatchMode::Fuse}) {
    const char *name = mode == MatchMode::Quantize ? "quantize" : "fuse";
    MatcherTableView t = img.table(mode);
    if (Error e = validateTable(t))
      return fail(std::string("its ") + name + " table: " + e.message());
    if (t.header(table::HMode) != static_cast<uint32_t>(mode))
      return fail(std::string("its ") + name + " table is of the other mode");
    const uint32_t *patterns = t.words + t.header(table::HPatternsOffset);
    for (uint32_t p = 0, e = t.header(table::HNumPatterns); p != e; ++p)
      if (patterns[2 * p] >= numConfigs)
        return fail(std::string("its ") + name + " table names config " +
                    std::to_string(patterns[2 * p]) + " of " +
                    std::to_string(numConfigs));
  }
  return img;
}

Error writeBackendImage(const BackendConfig &bc, std::string_view runtimeJSON,
                        const std::function<void(std::string_view)> &write) {
  MatcherTableBuilder builder(bc);
  Expected<MatcherTable> quantize = builder.build(MatchMode::Quantize);
  if (!quantize)
    return Error::failure(quantize.message());
  Expected<MatcherTable> fuse = builder.build(MatchMode::Fuse);
  if (!fuse)
    return Error::failure(fuse.message());

  constexpr uint64_t limit = std::numeric_limits<uint32_t>::max();
  if (bc.configs.size() > limit / 16)
    return Error::failure("too many configs for a backend image");
  std::string strings = bc.name;
  std::vector<uint32_t> labels;
  labels.reserve(bc.configs.size() * 4);
  auto addString = [&](const std::string &s) {
    labels.push_back(static_cast<uint32_t>(strings.size()));
    labels.push_back(static_cast<uint32_t>(s.size()));
    strings += s;
  };
  for (const BackendPatternConfig &config : bc.configs) {
    addString(renderPattern(config.pattern));
    addString(config.provenance);
    if (strings.size() > limit)
      return Error::failure("the labels of a backend image pass 4 GiB");
  }

  // Everything before the runtime JSON is assembled in memory (the tables
  // and labels: small beside the JSON, which is handed to `write` as it is),
  // so that image::checksum, the reader's definition, checksums it.
  std::string_view parts[image::SRuntimeJSON] = {
      strings,
      std::string_view(reinterpret_cast<const char *>(labels.data()),
                       labels.size() * 4),
      std::string_view(reinterpret_cast<const char *>(quantize->words.data()),
                       quantize->words.size() * 4),
      quantize->strings,
      std::string_view(reinterpret_cast<const char *>(fuse->words.data()),
                       fuse->words.size() * 4),
      fuse->strings};
  std::string head(headerBytes, '\0');
  auto addSection = [&](image::Section s, size_t at, size_t size) {
    putWord(head, image::HSections + 2 * s, static_cast<uint32_t>(at));
    putWord(head, image::HSections + 2 * s + 1, static_cast<uint32_t>(size));
  };
  for (uint32_t s = 0; s != image::SRuntimeJSON; ++s) {
    addSection(image::Section(s), head.size(), parts[s].size());
    head += parts[s];
    head.resize(alignTo8(head.size()));
  }
  size_t size = head.size() + alignTo8(runtimeJSON.size());
  if (size > limit)
    return Error::failure("a backend image of " + std::to_string(size) +
                          " bytes passes the format's 4 GiB");
  addSection(image::SRuntimeJSON, head.size(), runtimeJSON.size());
  putWord(head, image::HMagic, image::magic);
  putWord(head, image::HVersion, image::version);
  putWord(head, image::HFileSize, static_cast<uint32_t>(size));
  putWord(head, image::HNumConfigs, static_cast<uint32_t>(bc.configs.size()));
  putWord(head, image::HNameOffset, 0);
  putWord(head, image::HNameSize, static_cast<uint32_t>(bc.name.size()));

  // The runtime JSON's checksum, of its bytes and the zeros that pad it to a
  // multiple of 8 (image::hash over the section as the file holds it).
  const auto *json =
      reinterpret_cast<const unsigned char *>(runtimeJSON.data());
  size_t whole = runtimeJSON.size() & ~size_t(7);
  Hasher jsonHasher(alignTo8(runtimeJSON.size()));
  jsonHasher.addBytes(json, whole);
  unsigned char tail[8] = {};
  if (whole != runtimeJSON.size()) {
    std::memcpy(tail, json + whole, runtimeJSON.size() - whole);
    jsonHasher.add(load64(tail));
  }
  uint64_t jsonSum = jsonHasher.finish();
  putWord(head, image::HJSONChecksumLow, static_cast<uint32_t>(jsonSum));
  putWord(head, image::HJSONChecksumHigh, static_cast<uint32_t>(jsonSum >> 32));
  uint64_t sum = image::checksum(
      reinterpret_cast<const unsigned char *>(head.data()), size);
  putWord(head, image::HChecksumLow, static_cast<uint32_t>(sum));
  putWord(head, image::HChecksumHigh, static_cast<uint32_t>(sum >> 32));

  static const char zeros[8] = {};
  write(head);
  write(runtimeJSON);
  write(std::string_view(zeros,
                         alignTo8(runtimeJSON.size()) - runtimeJSON.size()));
  return Error::success();
}

Expected<std::string> writeBackendImage(const BackendConfig &bc,
                                        std::string_view runtimeJSON) {
  std::string out;
  if (Error e = writeBackendImage(bc, runtimeJSON,
                                  [&](std::string_view part) { out += part; }))
    return e;
  return out;
}

} // namespace bpat::rt
