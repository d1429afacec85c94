//===- TextProblem.cpp - A problem at a place of a text, printed ----------===//
//
// Part of the bpat project. Plain C++17 (no LLVM).
//
// lineAndColumn and formatTextProblem (bpat/GraphJSON/JSONCursor.h): a
// problem of the JSON cursor or the graph reader printed as the compiler's
// DiagnosticEngine prints it, for consumers without the compiler.
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphJSON/JSONCursor.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace bpat;

std::pair<unsigned, unsigned> bpat::lineAndColumn(std::string_view text,
                                                  const char *at) {
  size_t offset = std::min(size_t(at - text.data()), text.size());
  unsigned line = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i != offset; ++i)
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  return {line, unsigned(offset - lineStart + 1)};
}

/// Lines longer than this are shown as a window of WindowSize bytes,
/// WindowBefore of them before the column (as lib/Support's
/// DiagnosticEngine shows them).
static constexpr size_t longLine = 400, windowSize = 200, windowBefore = 100;

/// One diagnostic as the DiagnosticEngine prints it: the place, the line
/// (tabs expanded to stops of 8; a window of it if long), and under it `^`
/// at the column and `~` under the rest of [at, atEnd) on that line, placed
/// by display width (one column per character; the DiagnosticEngine also
/// gives East Asian wide characters two).
static void formatOne(std::string &out, std::string_view text,
                      std::string_view fileName, const char *at,
                      const char *atEnd, const char *kind,
                      const std::string &message) {
  auto [lineNo, col] = lineAndColumn(text, at);
  out.append(fileName.data(), fileName.size());
  out += ':' + std::to_string(lineNo) + ':' + std::to_string(col) + ": " +
         kind + ": " + message + '\n';
  size_t offset = std::min(size_t(at - text.data()), text.size());
  size_t lineBegin = offset - (col - 1);
  size_t lineEnd = text.find_first_of("\n\r", lineBegin);
  if (lineEnd == std::string_view::npos)
    lineEnd = text.size();
  std::string line(text.substr(lineBegin, lineEnd - lineBegin));
  size_t column = offset - lineBegin;
  size_t rangeEnd =
      std::min(size_t(std::max(atEnd, at) - text.data()), lineEnd) - lineBegin;
  if (line.size() > longLine) {
    auto charStart = [&](size_t i) {
      while (i > 0 && i < line.size() && (line[i] & 0xC0) == 0x80)
        --i;
      return i;
    };
    size_t begin = charStart(column > windowBefore ? column - windowBefore : 0);
    size_t end = charStart(std::min(line.size(), begin + windowSize));
    size_t shift = begin - (begin ? 3 : 0);
    std::string window = (begin ? "..." : "") +
                         line.substr(begin, end - begin) +
                         (end < line.size() ? "..." : "");
    column -= shift;
    rangeEnd = std::clamp(rangeEnd, begin, end) - shift;
    line = std::move(window);
  }
  std::string expanded;
  std::vector<size_t> displayCol(line.size() + 1, 0);
  size_t width = 0;
  for (size_t i = 0; i != line.size(); ++i) {
    displayCol[i] = width;
    if (line[i] == '\t') {
      size_t next = (width / 8 + 1) * 8;
      expanded.append(next - width, ' ');
      width = next;
      continue;
    }
    expanded += line[i];
    if ((line[i] & 0xC0) != 0x80)
      ++width;
    else if (i)
      displayCol[i] = displayCol[i - 1];
  }
  displayCol[line.size()] = width;
  std::string caret(width + 1, ' ');
  for (size_t c = displayCol[std::min(column, line.size())];
       c < displayCol[std::min(rangeEnd, line.size())]; ++c)
    caret[c] = '~';
  caret[displayCol[std::min(column, line.size())]] = '^';
  caret.erase(caret.find_last_not_of(' ') + 1);
  out += expanded + '\n' + caret + '\n';
}

std::string bpat::formatTextProblem(const TextProblem &problem,
                                    std::string_view text,
                                    std::string_view fileName) {
  std::string out;
  formatOne(out, text, fileName, problem.at, problem.atEnd, "error",
            problem.message);
  if (problem.noteAt)
    formatOne(out, text, fileName, problem.noteAt, problem.noteAt, "note",
              problem.note);
  return out;
}
