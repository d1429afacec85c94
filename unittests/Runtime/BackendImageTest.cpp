//===- BackendImageTest.cpp - Writing and checking a compiled backend -----===//
//
// Part of the bpat project: runtime unit tests.
//
// An image written by writeBackendImage opens, matches as the backend it was
// written from and labels configs as renderPattern does; every check of
// BackendImage::open rejects the damage it is for, with its own message.
//
//===----------------------------------------------------------------------===//

#include "bpat/Runtime/BackendImage.h"
#include "TestUtil.h"

#include <cstring>

using namespace bpat::rt;
using namespace bpat::rt::test;

namespace {

BackendConfig sample() {
  BackendConfig bc("sample");
  bc.setPatternConfig(cfg(mod("relu", {mod("bn", {mod("conv")})}), "f"));
  bc.setPatternConfig(cfg(mod("relu", {mod("conv")}), "f"));
  bc.setPatternConfig(cfg(fn("add", {mod("conv"), any()})));
  bc.setPatternConfig(cfg(mod("conv")));
  bc.configs[0].provenance = "a.bpat:1";
  bc.configs[3].provenance = "a.bpat:4";
  return bc;
}

/// An image as a file read into memory is: 8-byte aligned.
struct Bytes {
  std::vector<uint64_t> storage;
  size_t size = 0;
  explicit Bytes(const std::string &s)
      : storage((s.size() + 7) / 8), size(s.size()) {
    std::memcpy(storage.data(), s.data(), s.size());
  }
  std::string_view view() const {
    return {reinterpret_cast<const char *>(storage.data()), size};
  }
  uint32_t word(uint32_t i) const {
    uint32_t v;
    std::memcpy(&v, view().data() + i * 4, 4);
    return v;
  }
  void setWord(uint32_t i, uint32_t v) {
    std::memcpy(reinterpret_cast<char *>(storage.data()) + i * 4, &v, 4);
  }
  /// Re-seals the image after a change, so that the check under test, not
  /// the checksum, is what sees it.
  void reseal() {
    uint64_t sum = image::checksum(
        reinterpret_cast<const unsigned char *>(storage.data()), size);
    setWord(image::HChecksumLow, uint32_t(sum));
    setWord(image::HChecksumHigh, uint32_t(sum >> 32));
  }
  uint32_t sectionOffset(image::Section s) const {
    return word(image::HSections + 2 * s);
  }
};

Bytes written(const BackendConfig &bc) {
  Expected<std::string> img = writeBackendImage(bc, "{\"json\": 1}");
  EXPECT_TRUE(static_cast<bool>(img)) << img.message();
  return Bytes(img ? *img : std::string());
}

std::string openError(const Bytes &b) {
  Expected<BackendImage> img = BackendImage::open(b.view());
  return img ? std::string("opened") : img.message();
}

TEST(BackendImage, RoundTrip) {
  BackendConfig bc = sample();
  Bytes b = written(bc);
  EXPECT_EQ(b.size % 8, 0u);
  Expected<BackendImage> img = BackendImage::open(b.view());
  ASSERT_TRUE(static_cast<bool>(img)) << img.message();
  EXPECT_EQ(img->name(), "sample");
  EXPECT_EQ(img->numConfigs(), 4u);
  EXPECT_EQ(img->runtimeJSON(), "{\"json\": 1}");
  for (uint32_t i = 0; i != 4; ++i) {
    EXPECT_EQ(img->pattern(i), renderPattern(bc.configs[i].pattern));
    EXPECT_EQ(img->provenance(i), bc.configs[i].provenance);
  }
  ImageLabels labels(*img);
  BackendLabels fromConfigs(bc);
  ASSERT_EQ(labels.size(), fromConfigs.size());
  for (uint32_t i = 0; i != 4; ++i) {
    EXPECT_EQ(labels.pattern(i), fromConfigs.pattern(i));
    EXPECT_EQ(labels.provenance(i), fromConfigs.provenance(i));
  }

  // The tables are the builder's, word for word, and match as it does.
  for (MatchMode mode : {MatchMode::Quantize, MatchMode::Fuse}) {
    Expected<MatcherTable> built = MatcherTableBuilder(bc).build(mode);
    ASSERT_TRUE(static_cast<bool>(built));
    MatcherTableView t = img->table(mode);
    ASSERT_EQ(t.numWords, built->words.size());
    EXPECT_TRUE(
        std::equal(t.words, t.words + t.numWords, built->words.begin()));
    EXPECT_EQ(std::string_view(t.strings, t.stringsSize), built->strings);
  }
  GraphBuilder gb;
  NodeId x = gb.input("x");
  NodeId conv = gb.module("conv1", "conv", {ref(x)});
  NodeId bn = gb.module("bn1", "bn", {ref(conv)});
  NodeId relu = gb.module("relu1", "relu", {ref(bn)});
  gb.output({ref(relu)});
  Expected<TableMatcher> m =
      TableMatcher::create(img->table(MatchMode::Quantize));
  ASSERT_TRUE(static_cast<bool>(m)) << m.message();
  EXPECT_EQ(describe(gb.g, m->match(gb.g)),
            matchBoth(bc, gb.g, MatchMode::Quantize));
}

TEST(BackendImage, EmptyBackend) {
  BackendConfig bc("empty");
  Bytes b = written(bc);
  Expected<BackendImage> img = BackendImage::open(b.view());
  ASSERT_TRUE(static_cast<bool>(img)) << img.message();
  EXPECT_EQ(img->numConfigs(), 0u);
}

TEST(BackendImage, RejectsWhatIsNotAnImage) {
  EXPECT_EQ(openError(Bytes("BPCB")),
            "not a valid backend image: it is shorter than the header "
            "(4 bytes)");
  Bytes good = written(sample());

  Bytes magic = good;
  magic.setWord(image::HMagic, 0x7B0A227B);
  EXPECT_EQ(openError(magic),
            "not a valid backend image: it does not start with \"BPCB\"");

  Bytes version = good;
  version.setWord(image::HVersion, 2);
  EXPECT_EQ(openError(version),
            "not a valid backend image: it is of format version 2; this "
            "runtime reads version 1");

  // Truncated by 8 bytes: the header's size no longer fits.
  Bytes truncated(std::string(good.view().substr(0, good.size - 8)));
  EXPECT_NE(openError(truncated).find("(truncated?)"), std::string::npos)
      << openError(truncated);

  // One bit in what a match reads (the header, the labels, a table) breaks
  // the checksum.
  for (size_t at : {size_t(image::HNameSize * 4), size_t(image::HeaderSize * 4),
                    size_t(good.sectionOffset(image::SFuseWords) + 9)}) {
    Bytes flipped = good;
    reinterpret_cast<unsigned char *>(flipped.storage.data())[at] ^= 0x10;
    EXPECT_EQ(openError(flipped),
              "not a valid backend image: its checksum does not match its "
              "contents (damaged)")
        << at;
  }
  // One bit in the runtime JSON breaks its own checksum, checked when it is
  // read.
  {
    Expected<BackendImage> intact = BackendImage::open(good.view());
    ASSERT_TRUE(static_cast<bool>(intact));
    EXPECT_FALSE(static_cast<bool>(intact->checkRuntimeJSON()));
    Bytes flipped = good;
    reinterpret_cast<unsigned char *>(flipped.storage.data())[good.size - 12] ^=
        0x10;
    Expected<BackendImage> img = BackendImage::open(flipped.view());
    ASSERT_TRUE(static_cast<bool>(img)) << img.message();
    EXPECT_EQ(img->checkRuntimeJSON().message(),
              "not a valid backend image: the checksum of its runtime JSON "
              "does not match (damaged)");
  }

  // Not 8-byte aligned in memory.
  std::vector<uint64_t> shifted(good.storage.size() + 1);
  char *at = reinterpret_cast<char *>(shifted.data()) + 4;
  std::memcpy(at, good.view().data(), good.size);
  EXPECT_EQ(BackendImage::open(std::string_view(at, good.size)).message(),
            "not a valid backend image: it is not 8-byte aligned in memory");
}

TEST(BackendImage, RejectsSealedDamage) {
  Bytes good = written(sample());
  auto damaged = [&](auto change) {
    Bytes b = good;
    change(b);
    b.reseal();
    return openError(b);
  };
  const std::string prefix = "not a valid backend image: ";
  EXPECT_EQ(damaged([](Bytes &b) {
              b.setWord(image::HSections + 2 * image::SRuntimeJSON + 1,
                        0x7FFFFFFF);
            }),
            prefix + "its runtime JSON section is out of bounds");
  EXPECT_EQ(damaged([](Bytes &b) {
              b.setWord(image::HSections + 2 * image::SStrings, 4);
            }),
            prefix + "its strings section is out of bounds");
  EXPECT_EQ(damaged([](Bytes &b) {
              b.setWord(image::HSections + 2 * image::SRuntimeJSON + 1,
                        b.word(image::HSections + 2 * image::SRuntimeJSON + 1) -
                            8);
            }),
            prefix + "its runtime JSON section does not end the file");
  EXPECT_EQ(damaged([](Bytes &b) {
              b.setWord(image::HSections + 2 * image::SFuseStrings + 1,
                        b.word(image::HSections + 2 * image::SFuseStrings + 1) +
                            8);
            }),
            prefix + "its fuse strings section overlaps the runtime JSON");
  EXPECT_EQ(damaged([](Bytes &b) {
              b.setWord(image::HSections + 2 * image::SFuseWords + 1,
                        b.word(image::HSections + 2 * image::SFuseWords + 1) -
                            2);
            }),
            prefix + "its fuse table section is not whole words");
  EXPECT_EQ(damaged([](Bytes &b) { b.setWord(image::HNameSize, 1000); }),
            prefix + "its name is outside the strings section");
  EXPECT_EQ(damaged([](Bytes &b) { b.setWord(image::HNumConfigs, 5); }),
            prefix + "its labels section does not hold 5 configs");
  EXPECT_EQ(damaged([](Bytes &b) {
              // Config 2's pattern runs past the strings.
              b.setWord(b.sectionOffset(image::SLabels) / 4 + 2 * 4 + 1,
                        100000);
            }),
            prefix + "the label of config 2 is outside the strings section");
  EXPECT_EQ(damaged([](Bytes &b) {
              uint32_t q = b.sectionOffset(image::SQuantizeWords) / 4;
              b.setWord(q + table::HMagic, 0);
            }),
            prefix +
                "its quantize table: invalid matcher table: bad magic number");
  EXPECT_EQ(damaged([](Bytes &b) {
              uint32_t f = b.sectionOffset(image::SFuseWords) / 4;
              b.setWord(f + table::HMode, 0);
            }),
            prefix + "its fuse table is of the other mode");
  // A table naming a config the image does not have: the configs and the
  // tables are not of one backend. Three configs, the quantize table names
  // config 3.
  EXPECT_EQ(damaged([](Bytes &b) {
              b.setWord(image::HNumConfigs, 3);
              b.setWord(image::HSections + 2 * image::SLabels + 1, 3 * 16);
            }),
            prefix + "its quantize table names config 3 of 3");
}

} // namespace
