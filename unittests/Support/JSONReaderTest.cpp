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
  JSONReaderTest() : OS(Output), Diags(SM, OS) {}

  JSONReader &load(llvm::StringRef Text, JSONReader::Options Opts = {}) {
    unsigned ID = SM.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(Text, "t.json"), llvm::SMLoc());
    Reader = std::make_unique<JSONReader>(Diags, ID, Opts);
    return *Reader;
  }

  /// The first line of the diagnostics printed so far.
  std::string firstLine() {
    OS.flush();
    return Output.substr(0, Output.find('\n'));
  }

  /// The first error of reading `Text` to its end with skipValue().
  std::string skipError(llvm::StringRef Text, JSONReader::Options Opts = {}) {
    Output.clear();
    JSONReader &R = load(Text, Opts);
    EXPECT_FALSE(R.finish()) << Text.str();
    EXPECT_TRUE(R.failed());
    EXPECT_EQ(Diags.getNumErrors(), ++ExpectedErrors) << "one error each";
    return firstLine();
  }

  /// "line:col" of `Loc`.
  std::string place(llvm::SMLoc Loc) {
    auto LC = Reader->lineAndColumn(Loc);
    return std::to_string(LC.first) + ":" + std::to_string(LC.second);
  }

  JSONReader::Number number(llvm::StringRef Text) {
    JSONReader &R = load(Text);
    JSONReader::Number N;
    EXPECT_EQ(R.peek(), Kind::Number);
    EXPECT_TRUE(R.readNumber(N));
    EXPECT_TRUE(R.finish());
    return N;
  }

  std::string string(llvm::StringRef Text) {
    JSONReader &R = load(Text);
    llvm::StringRef S;
    EXPECT_EQ(R.peek(), Kind::String);
    EXPECT_TRUE(R.readString(S)) << firstLine();
    EXPECT_TRUE(R.finish());
    return S.str();
  }

  llvm::SourceMgr SM;
  std::string Output;
  llvm::raw_string_ostream OS;
  DiagnosticEngine Diags;
  std::unique_ptr<JSONReader> Reader;
  unsigned ExpectedErrors = 0;
};

TEST_F(JSONReaderTest, ReadsValuesWithTheirPositions) {
  JSONReader &R = load("{\"a\": [1, 2.5, \"x\"],\n"
                       "  \"b\": {\"c\": null, \"d\": true}, \"e\": false}\n");
  ASSERT_EQ(R.peek(), Kind::Object);
  EXPECT_EQ(place(R.loc()), "1:1");
  ASSERT_TRUE(R.enterObject());
  llvm::StringRef Key;
  ASSERT_TRUE(R.nextMember(Key));
  EXPECT_EQ(Key, "a");
  EXPECT_EQ(place(R.lastRange().Start), "1:2");
  EXPECT_EQ(place(R.lastRange().End), "1:5");
  ASSERT_EQ(R.peek(), Kind::Array);
  EXPECT_EQ(place(R.loc()), "1:7");
  ASSERT_TRUE(R.enterArray());
  EXPECT_EQ(R.depth(), 2u);
  ASSERT_TRUE(R.nextElement());
  JSONReader::Number N;
  ASSERT_TRUE(R.readNumber(N));
  EXPECT_EQ(N.Int, 1);
  EXPECT_EQ(place(R.lastRange().Start), "1:8");
  ASSERT_TRUE(R.nextElement());
  ASSERT_TRUE(R.readNumber(N));
  EXPECT_EQ(N.Value, 2.5);
  EXPECT_EQ(place(R.lastRange().Start), "1:11");
  ASSERT_TRUE(R.nextElement());
  llvm::StringRef S;
  ASSERT_TRUE(R.readString(S));
  EXPECT_EQ(S, "x");
  EXPECT_EQ(place(R.lastRange().Start), "1:16");
  EXPECT_EQ(place(R.lastRange().End), "1:19"); // past the closing quote
  EXPECT_FALSE(R.nextElement());
  EXPECT_FALSE(R.failed());
  EXPECT_EQ(R.depth(), 1u);

  ASSERT_TRUE(R.nextMember(Key));
  EXPECT_EQ(Key, "b");
  EXPECT_EQ(place(R.lastRange().Start), "2:3");
  ASSERT_EQ(R.peek(), Kind::Object);
  EXPECT_EQ(place(R.loc()), "2:8");
  std::vector<std::string> Seen;
  ASSERT_TRUE(R.forEachMember([&](llvm::StringRef K, llvm::SMRange KeyRange) {
    Seen.push_back(K.str() + "@" + place(KeyRange.Start));
    std::optional<Kind> V = R.peek();
    if (V == Kind::Null)
      return R.readNull();
    bool B;
    return V == Kind::Bool && R.readBool(B) && B;
  }));
  EXPECT_EQ(Seen, (std::vector<std::string>{"c@2:9", "d@2:20"}));
  ASSERT_TRUE(R.nextMember(Key));
  EXPECT_EQ(Key, "e");
  bool B = true;
  ASSERT_EQ(R.peek(), Kind::Bool);
  ASSERT_TRUE(R.readBool(B));
  EXPECT_FALSE(B);
  EXPECT_FALSE(R.nextMember(Key));
  EXPECT_TRUE(R.finish());
  EXPECT_EQ(Diags.getNumErrors(), 0u);
}

TEST_F(JSONReaderTest, ScalarsAtTheTopAndEmptyContainers) {
  JSONReader &R = load("  [ ]  ");
  ASSERT_TRUE(R.forEachElement([] { return false; }));
  EXPECT_TRUE(R.finish());
  JSONReader &R2 = load("{}");
  ASSERT_TRUE(
      R2.forEachMember([](llvm::StringRef, llvm::SMRange) { return false; }));
  EXPECT_TRUE(R2.finish());
  EXPECT_EQ(string("\"top\""), "top");
  EXPECT_EQ(number(" 42 ").Int, 42);
  JSONReader &R3 = load("null");
  EXPECT_TRUE(R3.readNull());
  EXPECT_TRUE(R3.finish());
}

TEST_F(JSONReaderTest, SkipValueCoversTheValue) {
  JSONReader &R = load("[{\"a\": [1, {\"b\": \"\\u00e9\"}]}, 7]");
  ASSERT_TRUE(R.enterArray());
  ASSERT_TRUE(R.nextElement());
  ASSERT_TRUE(R.skipValue());
  EXPECT_EQ(place(R.lastRange().Start), "1:2");
  EXPECT_EQ(place(R.lastRange().End), "1:29");
  ASSERT_TRUE(R.nextElement());
  JSONReader::Number N;
  ASSERT_TRUE(R.readNumber(N));
  EXPECT_EQ(N.Int, 7);
  EXPECT_FALSE(R.nextElement());
  EXPECT_TRUE(R.finish());
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
  EXPECT_EQ(skipError("\xEF\xBB\xBF{}"),
            "t.json:1:1: error: invalid JSON: Invalid JSON value"); // a BOM
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
  const char *Bad[] = {
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
  for (const char *Text : Bad)
    EXPECT_EQ(skipError(Text),
              "t.json:1:4: error: invalid JSON: Invalid UTF-8 sequence")
        << Text;
  // Outside strings, non-ASCII is not a value.
  EXPECT_EQ(skipError("[\xC3\xA9]"),
            "t.json:1:2: error: invalid JSON: Invalid JSON value");
}

TEST_F(JSONReaderTest, NumbersKeepHowTheyWereWritten) {
  JSONReader::Number N = number("1");
  EXPECT_FALSE(N.IsFloat);
  EXPECT_EQ(N.Int, 1);
  EXPECT_EQ(N.Value, 1.0);
  EXPECT_EQ(N.Spelling, "1");

  N = number("1.0");
  EXPECT_TRUE(N.IsFloat);
  EXPECT_FALSE(N.Int);
  EXPECT_EQ(N.Value, 1.0);
  EXPECT_EQ(N.Spelling, "1.0");

  N = number("1e2");
  EXPECT_TRUE(N.IsFloat);
  EXPECT_FALSE(N.Int);
  EXPECT_EQ(N.Value, 100.0);

  N = number("-0");
  EXPECT_FALSE(N.IsFloat);
  EXPECT_EQ(N.Int, 0);
  N = number("-0.0");
  EXPECT_TRUE(N.IsFloat);
  EXPECT_TRUE(std::signbit(N.Value));
  N = number("-12.5E-1");
  EXPECT_EQ(N.Value, -1.25);
  N = number("0.1");
  EXPECT_EQ(N.Value, 0.1);

  N = number("9223372036854775807");
  EXPECT_EQ(N.Int, std::numeric_limits<int64_t>::max());
  N = number("-9223372036854775808");
  EXPECT_EQ(N.Int, std::numeric_limits<int64_t>::min());
  // Written as integers, beyond int64_t: no Int, the nearest double.
  N = number("9223372036854775808");
  EXPECT_FALSE(N.IsFloat);
  EXPECT_FALSE(N.Int);
  EXPECT_EQ(N.Value, 9223372036854775808.0);
  N = number("-9223372036854775809");
  EXPECT_FALSE(N.Int);
  EXPECT_EQ(N.Value, -9223372036854775808.0);
  N = number("123456789012345678901234567890");
  EXPECT_FALSE(N.Int);
  EXPECT_EQ(N.Value, 1.2345678901234568e29);
  // Past double's range, as strtod.
  N = number("1e400");
  EXPECT_TRUE(std::isinf(N.Value));
  EXPECT_GT(N.Value, 0);
  N = number("-1e400");
  EXPECT_TRUE(std::isinf(N.Value));
  EXPECT_LT(N.Value, 0);
  N = number("1e-400");
  EXPECT_EQ(N.Value, 0.0);
}

TEST_F(JSONReaderTest, DepthIsLimited) {
  std::string Ok(256, '['), Deep(257, '[');
  Ok += std::string(256, ']');
  Deep += std::string(257, ']');
  EXPECT_TRUE(load(Ok).finish());
  EXPECT_EQ(skipError(Deep),
            "t.json:1:257: error: invalid JSON: nested deeper than 256 "
            "levels");
  // Objects count too, and the limit is an option.
  JSONReader::Options Three;
  Three.MaxDepth = 3;
  EXPECT_TRUE(load("{\"a\": [{}]}", Three).finish());
  EXPECT_EQ(skipError("{\"a\": [{\"b\": []}]}", Three),
            "t.json:1:14: error: invalid JSON: nested deeper than 3 levels");
  // A hostile input: a million open brackets stop at the limit, no crash.
  EXPECT_EQ(skipError(std::string(1000000, '[')),
            "t.json:1:257: error: invalid JSON: nested deeper than 256 "
            "levels");
  EXPECT_EQ(skipError(std::string(1000000, '{')),
            "t.json:1:2: error: invalid JSON: Expected object key");
  std::string Objects;
  for (int I = 0; I != 100000; ++I)
    Objects += "{\"a\":";
  EXPECT_EQ(skipError(Objects),
            "t.json:1:1281: error: invalid JSON: nested deeper than 256 "
            "levels");
}

TEST_F(JSONReaderTest, DuplicateKeys) {
  // By default every member is handed out; the caller decides.
  JSONReader &R = load("{\"a\": 1, \"a\": 2}");
  std::vector<int64_t> Values;
  ASSERT_TRUE(R.forEachMember([&](llvm::StringRef Key, llvm::SMRange) {
    JSONReader::Number N;
    EXPECT_EQ(Key, "a");
    bool OK = R.readNumber(N);
    Values.push_back(*N.Int);
    return OK;
  }));
  EXPECT_TRUE(R.finish());
  EXPECT_EQ(Values, (std::vector<int64_t>{1, 2}));

  JSONReader::Options Reject;
  Reject.RejectDuplicateKeys = true;
  EXPECT_TRUE(
      load("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 1}, {\"a\": 2}]}", Reject)
          .finish());
  EXPECT_EQ(skipError("{\"a\": 1,\n \"b\": 2, \"a\": 3}", Reject),
            "t.json:2:10: error: invalid JSON: Duplicate key \"a\"");
  EXPECT_NE(Output.find("t.json:1:2: note: the first \"a\" of this object"),
            std::string::npos)
      << Output;
  // Keys are compared unescaped.
  EXPECT_EQ(skipError("{\"ab\": 1, \"a\\u0062\": 3}", Reject),
            "t.json:1:11: error: invalid JSON: Duplicate key \"ab\"");
}

TEST_F(JSONReaderTest, FinishReadsWhatTheCallerLeft) {
  // The caller stops early; finish() still checks the rest of the file.
  JSONReader &R = load("{\"a\": [1, 2, {\"b\": \"c\"}], \"d\": [}");
  ASSERT_TRUE(R.enterObject());
  llvm::StringRef Key;
  ASSERT_TRUE(R.nextMember(Key));
  ASSERT_TRUE(R.enterArray());
  ASSERT_TRUE(R.nextElement());
  EXPECT_FALSE(R.finish());
  EXPECT_EQ(firstLine(), "t.json:1:33: error: invalid JSON: Invalid JSON "
                         "value");
  // A value due but not read (after nextMember) is read by finish().
  JSONReader &R2 = load("{\"a\": {\"b\": [true]}}");
  ASSERT_TRUE(R2.enterObject());
  ASSERT_TRUE(R2.nextMember(Key));
  EXPECT_TRUE(R2.finish());
  // The top value never read.
  EXPECT_TRUE(load("[[], {}]").finish());
}

TEST_F(JSONReaderTest, OneErrorThenEveryCallFails) {
  JSONReader &R = load("[1, ?, 3]");
  ASSERT_TRUE(R.enterArray());
  ASSERT_TRUE(R.nextElement());
  JSONReader::Number N;
  ASSERT_TRUE(R.readNumber(N));
  ASSERT_TRUE(R.nextElement());
  EXPECT_FALSE(R.peek());
  EXPECT_TRUE(R.failed());
  EXPECT_FALSE(R.skipValue());
  EXPECT_FALSE(R.nextElement());
  EXPECT_FALSE(R.finish());
  EXPECT_EQ(Diags.getNumErrors(), 1u);
  OS.flush();
  EXPECT_EQ(Output, "t.json:1:5: error: invalid JSON: Invalid JSON value\n"
                    "[1, ?, 3]\n"
                    "    ^\n");
}

TEST_F(JSONReaderTest, EscapedStringsOutliveLaterReads) {
  JSONReader &R = load("[\"a\\nb\", \"c\\td\", \"plain\"]");
  std::vector<llvm::StringRef> All;
  ASSERT_TRUE(R.forEachElement([&] {
    llvm::StringRef S;
    bool OK = R.readString(S);
    All.push_back(S);
    return OK;
  }));
  EXPECT_TRUE(R.finish());
  ASSERT_EQ(All.size(), 3u);
  EXPECT_EQ(All[0], "a\nb");
  EXPECT_EQ(All[1], "c\td");
  EXPECT_EQ(All[2], "plain");
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
