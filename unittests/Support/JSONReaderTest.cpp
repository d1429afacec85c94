//===- JSONReaderTest.cpp - The pull JSON reader --------------------------===//
//
// Positions of values and keys, every syntax error with its place and
// wording, the depth limit, numbers as written, strings with escapes and
// UTF-8, the duplicate-key policies, and finish()'s role at the end.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/JSONReader.h"
#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <memory>

using namespace bpat;
using Kind = JSONReader::Kind;

namespace {

class JSONReaderTest : public ::testing::Test {
protected:
  JSONReaderTest() : os(output), diags(sm, os) {}

  JSONReader &load(llvm::StringRef text, JSONReader::Options opts = {}) {
    unsigned id = sm.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(text, "t.json"), llvm::SMLoc());
    reader = std::make_unique<JSONReader>(diags, id, opts);
    return *reader;
  }

  /// The first line of the diagnostics printed so far.
  std::string firstLine() {
    os.flush();
    return output.substr(0, output.find('\n'));
  }

  /// The first error of reading `Text` to its end with skipValue().
  std::string skipError(llvm::StringRef text, JSONReader::Options opts = {}) {
    output.clear();
    JSONReader &r = load(text, opts);
    EXPECT_FALSE(r.finish()) << text.str();
    EXPECT_TRUE(r.failed());
    EXPECT_EQ(diags.getNumErrors(), ++expectedErrors) << "one error each";
    return firstLine();
  }

  /// "line:col" of `Loc`.
  std::string place(llvm::SMLoc loc) {
    auto lc = reader->lineAndColumn(loc);
    return std::to_string(lc.first) + ":" + std::to_string(lc.second);
  }

  JSONReader::Number number(llvm::StringRef text) {
    JSONReader &r = load(text);
    JSONReader::Number n;
    EXPECT_EQ(r.peek(), Kind::Number);
    EXPECT_TRUE(r.readNumber(n));
    EXPECT_TRUE(r.finish());
    return n;
  }

  std::string string(llvm::StringRef text) {
    JSONReader &r = load(text);
    llvm::StringRef s;
    EXPECT_EQ(r.peek(), Kind::String);
    EXPECT_TRUE(r.readString(s)) << firstLine();
    EXPECT_TRUE(r.finish());
    return s.str();
  }

  llvm::SourceMgr sm;
  std::string output;
  llvm::raw_string_ostream os;
  DiagnosticEngine diags;
  std::unique_ptr<JSONReader> reader;
  unsigned expectedErrors = 0;
};

TEST_F(JSONReaderTest, ReadsValuesWithTheirPositions) {
  JSONReader &r = load("{\"a\": [1, 2.5, \"x\"],\n"
                       "  \"b\": {\"c\": null, \"d\": true}, \"e\": false}\n");
  ASSERT_EQ(r.peek(), Kind::Object);
  EXPECT_EQ(place(r.loc()), "1:1");
  ASSERT_TRUE(r.enterObject());
  llvm::StringRef key;
  ASSERT_TRUE(r.nextMember(key));
  EXPECT_EQ(key, "a");
  EXPECT_EQ(place(r.lastRange().Start), "1:2");
  EXPECT_EQ(place(r.lastRange().End), "1:5");
  ASSERT_EQ(r.peek(), Kind::Array);
  EXPECT_EQ(place(r.loc()), "1:7");
  ASSERT_TRUE(r.enterArray());
  EXPECT_EQ(r.depth(), 2u);
  ASSERT_TRUE(r.nextElement());
  JSONReader::Number n;
  ASSERT_TRUE(r.readNumber(n));
  EXPECT_EQ(n.intValue, 1);
  EXPECT_EQ(place(r.lastRange().Start), "1:8");
  ASSERT_TRUE(r.nextElement());
  ASSERT_TRUE(r.readNumber(n));
  EXPECT_EQ(n.value, 2.5);
  EXPECT_EQ(place(r.lastRange().Start), "1:11");
  ASSERT_TRUE(r.nextElement());
  llvm::StringRef s;
  ASSERT_TRUE(r.readString(s));
  EXPECT_EQ(s, "x");
  EXPECT_EQ(place(r.lastRange().Start), "1:16");
  EXPECT_EQ(place(r.lastRange().End), "1:19"); // past the closing quote
  EXPECT_FALSE(r.nextElement());
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(r.depth(), 1u);

  ASSERT_TRUE(r.nextMember(key));
  EXPECT_EQ(key, "b");
  EXPECT_EQ(place(r.lastRange().Start), "2:3");
  ASSERT_EQ(r.peek(), Kind::Object);
  EXPECT_EQ(place(r.loc()), "2:8");
  std::vector<std::string> seen;
  ASSERT_TRUE(r.forEachMember([&](llvm::StringRef K, llvm::SMRange KeyRange) {
    seen.push_back(K.str() + "@" + place(KeyRange.Start));
    std::optional<Kind> V = r.peek();
    if (V == Kind::Null)
      return r.readNull();
    bool B;
    return V == Kind::Bool && r.readBool(B) && B;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"c@2:9", "d@2:20"}));
  ASSERT_TRUE(r.nextMember(key));
  EXPECT_EQ(key, "e");
  bool b = true;
  ASSERT_EQ(r.peek(), Kind::Bool);
  ASSERT_TRUE(r.readBool(b));
  EXPECT_FALSE(b);
  EXPECT_FALSE(r.nextMember(key));
  EXPECT_TRUE(r.finish());
  EXPECT_EQ(diags.getNumErrors(), 0u);
}

TEST_F(JSONReaderTest, ScalarsAtTheTopAndEmptyContainers) {
  JSONReader &r = load("  [ ]  ");
  ASSERT_TRUE(r.forEachElement([] { return false; }));
  EXPECT_TRUE(r.finish());
  JSONReader &r2 = load("{}");
  ASSERT_TRUE(
      r2.forEachMember([](llvm::StringRef, llvm::SMRange) { return false; }));
  EXPECT_TRUE(r2.finish());
  EXPECT_EQ(string("\"top\""), "top");
  EXPECT_EQ(number(" 42 ").intValue, 42);
  JSONReader &r3 = load("null");
  EXPECT_TRUE(r3.readNull());
  EXPECT_TRUE(r3.finish());
}

TEST_F(JSONReaderTest, SkipValueCoversTheValue) {
  JSONReader &r = load("[{\"a\": [1, {\"b\": \"\\u00e9\"}]}, 7]");
  ASSERT_TRUE(r.enterArray());
  ASSERT_TRUE(r.nextElement());
  ASSERT_TRUE(r.skipValue());
  EXPECT_EQ(place(r.lastRange().Start), "1:2");
  EXPECT_EQ(place(r.lastRange().End), "1:29");
  ASSERT_TRUE(r.nextElement());
  JSONReader::Number n;
  ASSERT_TRUE(r.readNumber(n));
  EXPECT_EQ(n.intValue, 7);
  EXPECT_FALSE(r.nextElement());
  EXPECT_TRUE(r.finish());
}

TEST_F(JSONReaderTest, SyntaxErrorsAtTheirPlace) {
  // Structure.
  EXPECT_EQ(skipError(""), "t.json:1:1: error: invalid JSON: Unexpected EOF");
  EXPECT_EQ(skipError("  \n "),
            "t.json:2:2: error: invalid JSON: Unexpected EOF");
  EXPECT_EQ(skipError("["), "t.json:1:2: error: invalid JSON: Unexpected EOF");
  EXPECT_EQ(skipError("[1"), "t.json:1:3: error: invalid JSON: Expected , or "
                             "] after array element");
  EXPECT_EQ(skipError("[1 2]"), "t.json:1:4: error: invalid JSON: Expected , "
                                "or ] after array element");
  EXPECT_EQ(skipError("[1,]"),
            "t.json:1:4: error: invalid JSON: Invalid JSON value");
  EXPECT_EQ(skipError("[1}"), "t.json:1:3: error: invalid JSON: Expected , or "
                              "] after array element");
  EXPECT_EQ(skipError("{"),
            "t.json:1:2: error: invalid JSON: Expected object key");
  EXPECT_EQ(skipError("{1: 2}"),
            "t.json:1:2: error: invalid JSON: Expected object key");
  EXPECT_EQ(skipError("{\"a\": 1,}"),
            "t.json:1:9: error: invalid JSON: Expected object key");
  EXPECT_EQ(skipError("{\"a\" 1}"),
            "t.json:1:6: error: invalid JSON: Expected : after object key");
  EXPECT_EQ(skipError("{\"a\": 1 \"b\": 2}"),
            "t.json:1:9: error: invalid JSON: Expected , or } after object "
            "property");
  EXPECT_EQ(skipError("{\"a\": 1]"),
            "t.json:1:8: error: invalid JSON: Expected , or } after object "
            "property");
  EXPECT_EQ(skipError("{\"a\":"),
            "t.json:1:6: error: invalid JSON: Unexpected EOF");
  EXPECT_EQ(skipError("{} x"),
            "t.json:1:4: error: invalid JSON: Text after end of document");
  EXPECT_EQ(skipError("1 2"),
            "t.json:1:3: error: invalid JSON: Text after end of document");
  EXPECT_EQ(skipError("nullx"),
            "t.json:1:5: error: invalid JSON: Text after end of document");
  // Values.
  EXPECT_EQ(skipError("[x]"),
            "t.json:1:2: error: invalid JSON: Invalid JSON value");
  EXPECT_EQ(skipError("'a'"),
            "t.json:1:1: error: invalid JSON: Invalid JSON value");
  // A byte order mark is named; the same bytes later are not one.
  EXPECT_EQ(skipError("\xEF\xBB\xBF{}"),
            "t.json:1:1: error: invalid JSON: the file starts with a UTF-8 "
            "byte order mark, which JSON does not allow (save it as UTF-8 "
            "without BOM)");
  EXPECT_EQ(skipError("[\xEF\xBB\xBF]"),
            "t.json:1:2: error: invalid JSON: Invalid JSON value");
  EXPECT_EQ(skipError("[nul]"),
            "t.json:1:2: error: invalid JSON: Invalid JSON value (null?)");
  EXPECT_EQ(skipError("tru"),
            "t.json:1:1: error: invalid JSON: Invalid JSON value (true?)");
  EXPECT_EQ(skipError("[fals]"),
            "t.json:1:2: error: invalid JSON: Invalid JSON value (false?)");
  // Numbers.
  EXPECT_EQ(skipError("[01]"),
            "t.json:1:2: error: invalid JSON: Invalid number (leading zero)");
  EXPECT_EQ(skipError("-01"),
            "t.json:1:1: error: invalid JSON: Invalid number (leading zero)");
  EXPECT_EQ(skipError("-"), "t.json:1:2: error: invalid JSON: Invalid number "
                            "(expected a digit)");
  EXPECT_EQ(skipError("-x"), "t.json:1:2: error: invalid JSON: Invalid number "
                             "(expected a digit)");
  EXPECT_EQ(skipError("1."), "t.json:1:3: error: invalid JSON: Invalid number "
                             "(expected a digit after '.')");
  EXPECT_EQ(skipError("1.e5"), "t.json:1:3: error: invalid JSON: Invalid "
                               "number (expected a digit after '.')");
  EXPECT_EQ(skipError("1e"), "t.json:1:3: error: invalid JSON: Invalid number "
                             "(expected a digit in the exponent)");
  EXPECT_EQ(skipError("1E+"), "t.json:1:4: error: invalid JSON: Invalid "
                              "number (expected a digit in the exponent)");
  EXPECT_EQ(skipError(".5"),
            "t.json:1:1: error: invalid JSON: Invalid JSON value");
  EXPECT_EQ(skipError("+1"),
            "t.json:1:1: error: invalid JSON: Invalid JSON value");
  EXPECT_EQ(skipError("NaN"),
            "t.json:1:1: error: invalid JSON: Invalid JSON value");
  EXPECT_EQ(skipError("0x10"),
            "t.json:1:2: error: invalid JSON: Text after end of document");
  // Strings.
  EXPECT_EQ(skipError("[\"abc"),
            "t.json:1:2: error: invalid JSON: Unterminated string");
  EXPECT_EQ(skipError("\"ab\\"),
            "t.json:1:1: error: invalid JSON: Unterminated string");
  EXPECT_EQ(skipError("\"a\tb\""),
            "t.json:1:3: error: invalid JSON: Control character in string");
  EXPECT_EQ(skipError("\"a\nb\""),
            "t.json:1:3: error: invalid JSON: Control character in string");
  EXPECT_EQ(skipError("\"a\\x\""),
            "t.json:1:3: error: invalid JSON: Invalid escape sequence");
  EXPECT_EQ(skipError("\"\\'\""),
            "t.json:1:2: error: invalid JSON: Invalid escape sequence");
  EXPECT_EQ(skipError("\"\\u12G4\""),
            "t.json:1:2: error: invalid JSON: Invalid \\u escape sequence");
  EXPECT_EQ(skipError("\"\\u12\""),
            "t.json:1:2: error: invalid JSON: Invalid \\u escape sequence");
  EXPECT_EQ(skipError("{\"\\u12"),
            "t.json:1:3: error: invalid JSON: Invalid \\u escape sequence");
}

TEST_F(JSONReaderTest, UnicodeEscapesAndSurrogatePairs) {
  EXPECT_EQ(string("\"\\u00e9\\u00C9\""), "\xC3\xA9\xC3\x89");
  EXPECT_EQ(string("\"\\u20ac\""), "\xE2\x82\xAC");
  EXPECT_EQ(string("\"\\ud83d\\ude00\""), "\xF0\x9F\x98\x80"); // U+1F600
  EXPECT_EQ(string("\"\\uDBFF\\uDFFF\""), "\xF4\x8F\xBF\xBF"); // U+10FFFF
  EXPECT_EQ(string("\"a\\u0000b\""), std::string("a\0b", 3));
  EXPECT_EQ(string("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(string("\"x\\ny\""), "x\ny");

  EXPECT_EQ(skipError("\"\\ud83d\""), "t.json:1:2: error: invalid JSON: "
                                      "Unpaired surrogate in \\u escape");
  EXPECT_EQ(skipError("\"\\ud83dx\""), "t.json:1:2: error: invalid JSON: "
                                       "Unpaired surrogate in \\u escape");
  EXPECT_EQ(skipError("\"\\ud83d\\u0041\""),
            "t.json:1:2: error: invalid JSON: Unpaired surrogate in \\u "
            "escape");
  EXPECT_EQ(skipError("\"\\ud83d\\ud83d\""),
            "t.json:1:2: error: invalid JSON: Unpaired surrogate in \\u "
            "escape");
  EXPECT_EQ(skipError("\"\\ude00\""), "t.json:1:2: error: invalid JSON: "
                                      "Unpaired surrogate in \\u escape");
  EXPECT_EQ(skipError("\"\\ud83d\\uZZZZ\""),
            "t.json:1:8: error: invalid JSON: Invalid \\u escape sequence");
}

TEST_F(JSONReaderTest, UTF8IsChecked) {
  // Valid: 2, 3 and 4 bytes, the extremes.
  EXPECT_EQ(string("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\""),
            "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(string("\"\xC2\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF\""),
            "\xC2\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF");
  const char *bad[] = {
      "\"ab\xFF\"",             // never in UTF-8
      "\"ab\x80\"",             // a lone continuation byte
      "\"ab\xC0\x80\"",         // overlong NUL
      "\"ab\xC1\xBF\"",         // overlong
      "\"ab\xE0\x80\x80\"",     // overlong 3-byte
      "\"ab\xF0\x80\x80\x80\"", // overlong 4-byte
      "\"ab\xED\xA0\x80\"",     // an encoded surrogate
      "\"ab\xF4\x90\x80\x80\"", // past U+10FFFF
      "\"ab\xF5\x80\x80\x80\"", // past U+10FFFF
      "\"ab\xC3\"",             // cut short by the quote
      "\"ab\xE2\x82\"",         // cut short
      "\"ab\xE2\x82",           // cut short by the end
  };
  for (const char *text : bad)
    EXPECT_EQ(skipError(text),
              "t.json:1:4: error: invalid JSON: Invalid UTF-8 sequence")
        << text;
  // Outside strings, non-ASCII is not a value.
  EXPECT_EQ(skipError("[\xC3\xA9]"),
            "t.json:1:2: error: invalid JSON: Invalid JSON value");
}

TEST_F(JSONReaderTest, EveryStopAtEveryPlaceInAWord) {
  // Strings are scanned eight bytes at a time, straight to the first byte
  // that ends a plain run. Put each kind of such byte at every offset of
  // the first two words, after a run of i plain bytes, and behind it text
  // that holds another stop (a false flag must not move the scan past the
  // first).
  for (size_t i = 0; i != 18; ++i) {
    std::string run(i, 'a');
    SCOPED_TRACE(i);
    EXPECT_EQ(string("\"" + run + "\""), run);
    EXPECT_EQ(string("\"" + run + "\\\"b\""), run + "\"b");
    EXPECT_EQ(string("\"" + run + "\\n\\\\\""), run + "\n\\");
    EXPECT_EQ(string("\"" + run + "\xC3\xA9\\\"x\""), run + "\xC3\xA9\"x");
    std::string col = "t.json:1:" + std::to_string(i + 2) + ": error: ";
    EXPECT_EQ(skipError("\"" + run + "\x01\"\""),
              col + "invalid JSON: Control character in string");
    EXPECT_EQ(skipError("\"" + run + "\xFF\"\""),
              col + "invalid JSON: Invalid UTF-8 sequence");
    EXPECT_EQ(skipError("\"" + run + "\\q\""),
              col + "invalid JSON: Invalid escape sequence");
  }
}

TEST_F(JSONReaderTest, NumbersKeepHowTheyWereWritten) {
  JSONReader::Number n = number("1");
  EXPECT_FALSE(n.isFloat);
  EXPECT_EQ(n.intValue, 1);
  EXPECT_EQ(n.value, 1.0);
  EXPECT_EQ(n.spelling, "1");

  n = number("1.0");
  EXPECT_TRUE(n.isFloat);
  EXPECT_FALSE(n.intValue);
  EXPECT_EQ(n.value, 1.0);
  EXPECT_EQ(n.spelling, "1.0");

  n = number("1e2");
  EXPECT_TRUE(n.isFloat);
  EXPECT_FALSE(n.intValue);
  EXPECT_EQ(n.value, 100.0);

  n = number("-0");
  EXPECT_FALSE(n.isFloat);
  EXPECT_EQ(n.intValue, 0);
  n = number("-0.0");
  EXPECT_TRUE(n.isFloat);
  EXPECT_TRUE(std::signbit(n.value));
  n = number("-12.5E-1");
  EXPECT_EQ(n.value, -1.25);
  n = number("0.1");
  EXPECT_EQ(n.value, 0.1);

  n = number("9223372036854775807");
  EXPECT_EQ(n.intValue, std::numeric_limits<int64_t>::max());
  n = number("-9223372036854775808");
  EXPECT_EQ(n.intValue, std::numeric_limits<int64_t>::min());
  // Written as integers, beyond int64_t: no Int, the nearest double.
  n = number("9223372036854775808");
  EXPECT_FALSE(n.isFloat);
  EXPECT_FALSE(n.intValue);
  EXPECT_EQ(n.value, 9223372036854775808.0);
  n = number("-9223372036854775809");
  EXPECT_FALSE(n.intValue);
  EXPECT_EQ(n.value, -9223372036854775808.0);
  n = number("123456789012345678901234567890");
  EXPECT_FALSE(n.intValue);
  EXPECT_EQ(n.value, 1.2345678901234568e29);
  // Past double's range, as strtod.
  n = number("1e400");
  EXPECT_TRUE(std::isinf(n.value));
  EXPECT_GT(n.value, 0);
  n = number("-1e400");
  EXPECT_TRUE(std::isinf(n.value));
  EXPECT_LT(n.value, 0);
  n = number("1e-400");
  EXPECT_EQ(n.value, 0.0);
}

TEST_F(JSONReaderTest, DepthIsLimited) {
  std::string ok(256, '['), deep(257, '[');
  ok += std::string(256, ']');
  deep += std::string(257, ']');
  EXPECT_TRUE(load(ok).finish());
  EXPECT_EQ(skipError(deep),
            "t.json:1:257: error: invalid JSON: nested deeper than 256 "
            "levels");
  // Objects count too, and the limit is an option.
  JSONReader::Options three;
  three.maxDepth = 3;
  EXPECT_TRUE(load("{\"a\": [{}]}", three).finish());
  EXPECT_EQ(skipError("{\"a\": [{\"b\": []}]}", three),
            "t.json:1:14: error: invalid JSON: nested deeper than 3 levels");
  // A hostile input: a million open brackets stop at the limit, no crash.
  EXPECT_EQ(skipError(std::string(1000000, '[')),
            "t.json:1:257: error: invalid JSON: nested deeper than 256 "
            "levels");
  EXPECT_EQ(skipError(std::string(1000000, '{')),
            "t.json:1:2: error: invalid JSON: Expected object key");
  std::string objects;
  for (int i = 0; i != 100000; ++i)
    objects += "{\"a\":";
  EXPECT_EQ(skipError(objects),
            "t.json:1:1281: error: invalid JSON: nested deeper than 256 "
            "levels");
}

TEST_F(JSONReaderTest, DuplicateKeys) {
  // By default every member is handed out; the caller decides.
  JSONReader &r = load("{\"a\": 1, \"a\": 2}");
  std::vector<int64_t> values;
  ASSERT_TRUE(r.forEachMember([&](llvm::StringRef Key, llvm::SMRange) {
    JSONReader::Number N;
    EXPECT_EQ(Key, "a");
    bool OK = r.readNumber(N);
    values.push_back(*N.intValue);
    return OK;
  }));
  EXPECT_TRUE(r.finish());
  EXPECT_EQ(values, (std::vector<int64_t>{1, 2}));

  JSONReader::Options reject;
  reject.rejectDuplicateKeys = true;
  EXPECT_TRUE(
      load("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 1}, {\"a\": 2}]}", reject)
          .finish());
  EXPECT_EQ(skipError("{\"a\": 1,\n \"b\": 2, \"a\": 3}", reject),
            "t.json:2:10: error: invalid JSON: Duplicate key \"a\"");
  EXPECT_NE(output.find("t.json:1:2: note: the first \"a\" of this object"),
            std::string::npos)
      << output;
  // Keys are compared unescaped.
  EXPECT_EQ(skipError("{\"ab\": 1, \"a\\u0062\": 3}", reject),
            "t.json:1:11: error: invalid JSON: Duplicate key \"ab\"");

  // Past 16 keys an object's keys are looked up in a table instead of one by
  // one: a duplicate of an early key, of a late one, and the same keys in a
  // nested object and in a sibling, on both sides of that size.
  for (unsigned n : {15u, 16u, 17u, 40u}) {
    std::string members;
    for (unsigned i = 0; i != n; ++i)
      members += "\"k" + std::to_string(i) + "\": {\"k0\": 0, \"k1\": 1}, ";
    std::string nested =
        "{\"o\": {" + members + "\"z\": 0}, \"p\": {" + members + "\"z\": 0}}";
    EXPECT_TRUE(load(nested, reject).finish()) << n << ": " << output;
    for (unsigned dup : {0u, n - 1}) {
      std::string text = "{" + members + "\"k" + std::to_string(dup) + "\": 0}";
      std::string message = skipError(text, reject);
      EXPECT_NE(message.find("Duplicate key \"k" + std::to_string(dup) + "\""),
                std::string::npos)
          << n << " keys, duplicate of k" << dup << ": " << message;
    }
  }
}

TEST_F(JSONReaderTest, FinishReadsWhatTheCallerLeft) {
  // The caller stops early; finish() still checks the rest of the file.
  JSONReader &r = load("{\"a\": [1, 2, {\"b\": \"c\"}], \"d\": [}");
  ASSERT_TRUE(r.enterObject());
  llvm::StringRef key;
  ASSERT_TRUE(r.nextMember(key));
  ASSERT_TRUE(r.enterArray());
  ASSERT_TRUE(r.nextElement());
  EXPECT_FALSE(r.finish());
  EXPECT_EQ(firstLine(), "t.json:1:33: error: invalid JSON: Invalid JSON "
                         "value");
  // A value due but not read (after nextMember) is read by finish().
  JSONReader &r2 = load("{\"a\": {\"b\": [true]}}");
  ASSERT_TRUE(r2.enterObject());
  ASSERT_TRUE(r2.nextMember(key));
  EXPECT_TRUE(r2.finish());
  // The top value never read.
  EXPECT_TRUE(load("[[], {}]").finish());
}

TEST_F(JSONReaderTest, OneErrorThenEveryCallFails) {
  JSONReader &r = load("[1, ?, 3]");
  ASSERT_TRUE(r.enterArray());
  ASSERT_TRUE(r.nextElement());
  JSONReader::Number n;
  ASSERT_TRUE(r.readNumber(n));
  ASSERT_TRUE(r.nextElement());
  EXPECT_FALSE(r.peek());
  EXPECT_TRUE(r.failed());
  EXPECT_FALSE(r.skipValue());
  EXPECT_FALSE(r.nextElement());
  EXPECT_FALSE(r.finish());
  EXPECT_EQ(diags.getNumErrors(), 1u);
  os.flush();
  EXPECT_EQ(output, "t.json:1:5: error: invalid JSON: Invalid JSON value\n"
                    "[1, ?, 3]\n"
                    "    ^\n");
}

TEST_F(JSONReaderTest, EscapedStringsOutliveLaterReads) {
  JSONReader &r = load("[\"a\\nb\", \"c\\td\", \"plain\"]");
  std::vector<llvm::StringRef> all;
  ASSERT_TRUE(r.forEachElement([&] {
    llvm::StringRef S;
    bool OK = r.readString(S);
    all.push_back(S);
    return OK;
  }));
  EXPECT_TRUE(r.finish());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], "a\nb");
  EXPECT_EQ(all[1], "c\td");
  EXPECT_EQ(all[2], "plain");
}

TEST_F(JSONReaderTest, QuoteAsLLVMJSONWrites) {
  EXPECT_EQ(quoteJSONString("conv1"), "\"conv1\"");
  EXPECT_EQ(quoteJSONString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quoteJSONString("\t\n\r\x01\x1f"), "\"\\t\\n\\r\\u0001\\u001f\"");
  EXPECT_EQ(quoteJSONString("\xC3\xA9\x7f"), "\"\xC3\xA9\x7f\"");
}

TEST_F(JSONReaderTest, DescribesKinds) {
  EXPECT_STREQ(JSONReader::describe(Kind::Null), "null");
  EXPECT_STREQ(JSONReader::describe(Kind::Bool), "a boolean");
  EXPECT_STREQ(JSONReader::describe(Kind::Number), "a number");
  EXPECT_STREQ(JSONReader::describe(Kind::String), "a string");
  EXPECT_STREQ(JSONReader::describe(Kind::Array), "an array");
  EXPECT_STREQ(JSONReader::describe(Kind::Object), "an object");
}

} // namespace
