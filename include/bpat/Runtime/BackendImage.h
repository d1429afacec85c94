//===- bpat/Runtime/BackendImage.h - A compiled backend ---------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A backend image: one file holding a backend compiled for matching, so that
/// a run loads it without parsing anything. It holds the matcher tables of
/// both modes, the text a match map prints for each config (its rendered
/// pattern and its provenance), and the backend's runtime JSON
/// (docs/json-format.md §4) for everything else (explanations, fusion,
/// coverage). `bpatc --emit=runtime-bin` writes it; bpat-match loads it.
/// The byte layout is docs/json-format.md §7; the constants below name it.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_BACKENDIMAGE_H
#define BPAT_RUNTIME_BACKENDIMAGE_H

#include "bpat/Runtime/BackendConfig.h"
#include "bpat/Runtime/Error.h"
#include "bpat/Runtime/MatchMap.h"
#include "bpat/Runtime/MatcherTable.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace bpat::rt {

/// Image format constants. Every field is a little-endian 32-bit word.
namespace image {

constexpr uint32_t magic = 0x42435042; // "BPCB" read as little-endian bytes
constexpr uint32_t version = 1;

/// The sections, in file order.
enum Section : uint32_t {
  SStrings = 0,         ///< UTF-8 text the other fields point into
  SLabels = 1,          ///< per config: pattern (offset, size), provenance
  SQuantizeWords = 2,   ///< the quantize-mode matcher table's words
  SQuantizeStrings = 3, ///< and its string table
  SFuseWords = 4,       ///< the fuse-mode table's words
  SFuseStrings = 5,     ///< and its string table
  SRuntimeJSON = 6,     ///< the whole backend, docs/json-format.md §4
  NumSections = 7,
};

/// Word indices of the header fields.
enum HeaderField : uint32_t {
  HMagic = 0,
  HVersion = 1,
  HFileSize = 2,   ///< bytes, a multiple of 8
  HNumConfigs = 3, ///< configs of the backend, in registration order
  HNameOffset = 4, ///< the backend's name, in the strings section
  HNameSize = 5,
  HSections = 6, ///< NumSections pairs (byte offset, byte size)
  HJSONChecksumLow = HSections + 2 * NumSections, ///< of the runtime JSON
  HJSONChecksumHigh,
  HChecksumLow, ///< of everything else
  HChecksumHigh,
  HeaderSize, ///< 24 words: the first section starts at byte 96
};

/// A 64-bit hash of \p size bytes (a multiple of 8).
uint64_t hash(const unsigned char *bytes, size_t size);

/// The checksum of an image of \p size bytes: the hash of its header up to
/// its own two words and of every section before the runtime JSON. A match
/// reads only those; the runtime JSON has its own checksum, checked when it
/// is read (BackendImage::checkRuntimeJSON), so that a run that does not
/// need it does not touch its pages. It reads \p bytes only up to the
/// runtime JSON's offset, which their header gives.
uint64_t checksum(const unsigned char *bytes, size_t size);

} // namespace image

/// A validated, non-owning view of an image in memory.
class BackendImage {
public:
  /// Checks \p bytes (which must stay alive, 8-byte aligned, as a file read
  /// into memory or mapped is) and returns the view. Everything a match reads
  /// is checked: header, checksum, sections in bounds, labels in the strings,
  /// both tables valid (rt::validateTable), of their mode, and naming only
  /// configs the image has. The runtime JSON is not parsed here.
  static Expected<BackendImage> open(std::string_view bytes);

  std::string_view name() const {
    return str(word(image::HNameOffset), word(image::HNameSize));
  }
  uint32_t numConfigs() const { return word(image::HNumConfigs); }
  /// The matcher table of \p mode.
  MatcherTableView table(MatchMode mode) const;
  /// What renderPattern writes for config \p index, and its provenance.
  std::string_view pattern(uint32_t index) const;
  std::string_view provenance(uint32_t index) const;
  /// The backend's runtime JSON text, for readers of the whole backend.
  std::string_view runtimeJSON() const { return section(image::SRuntimeJSON); }
  /// Checks the runtime JSON against its checksum.
  Error checkRuntimeJSON() const;

private:
  explicit BackendImage(std::string_view bytes) : bytes(bytes) {}
  uint32_t word(uint32_t index) const;
  std::string_view section(image::Section s) const;
  std::string_view str(uint32_t offset, uint32_t size) const {
    return section(image::SStrings).substr(offset, size);
  }
  const uint32_t *labels() const;

  std::string_view bytes;
};

/// The image of \p bc: its tables for both modes (rt::MatcherTableBuilder),
/// the label of every config, and \p runtimeJSON, the backend as
/// `bpatc --emit=runtime-json` writes it. Fails where the table builder does
/// (a backend beyond the table format's limits) or when a field passes 4 GiB.
Expected<std::string> writeBackendImage(const BackendConfig &bc,
                                        std::string_view runtimeJSON);
/// The same, the image handed to \p write in pieces, in order, rather than
/// assembled in memory.
Error writeBackendImage(const BackendConfig &bc, std::string_view runtimeJSON,
                        const std::function<void(std::string_view)> &write);

/// The labels of an image, as a match map prints them (ConfigLabels).
class ImageLabels final : public ConfigLabels {
public:
  explicit ImageLabels(const BackendImage &image) : image(image) {}
  size_t size() const override { return image.numConfigs(); }
  std::string pattern(uint32_t index) const override {
    return std::string(image.pattern(index));
  }
  std::string_view provenance(uint32_t index) const override {
    return image.provenance(index);
  }

private:
  const BackendImage &image;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_BACKENDIMAGE_H
