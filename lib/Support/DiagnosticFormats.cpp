//===- DiagnosticFormats.cpp - Diagnostics as JSON and SARIF --------------===//
//
// The machine-readable forms of --diagnostics-format: bpat's own JSON (one
// object with every diagnostic, its notes and fix-its) and SARIF 2.1.0, the
// OASIS format CI systems and editors read. Positions are 1-based lines and
// columns (bytes in JSON, as in the text form; Unicode code points in SARIF,
// which has no byte columns); a range's end is the column just past it.
// docs/diagnostics.md describes both.
//
//===----------------------------------------------------------------------===//

#include "bpat/Support/Diagnostics.h"
#include "bpat/Support/Quote.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <optional>

using namespace bpat;

namespace {
/// A resolved source position.
struct Position {
  std::string file;
  unsigned line = 0, column = 0;
};
} // namespace

/// Where `loc` is; the column counts bytes, or code points if `codePoints`.
static std::optional<Position> positionOf(llvm::SourceMgr &sm, llvm::SMLoc loc,
                                          bool codePoints = false) {
  if (!loc.isValid())
    return std::nullopt;
  unsigned buffer = sm.FindBufferContainingLoc(loc);
  if (!buffer)
    return std::nullopt;
  auto [line, column] = sm.getLineAndColumn(loc, buffer);
  if (codePoints) {
    const char *at = loc.getPointer();
    unsigned count = 1;
    for (const char *p = at - (column - 1); p < at; ++p)
      count += (*p & 0xC0) != 0x80; // not a UTF-8 continuation byte
    column = count;
  }
  return Position{sm.getMemoryBuffer(buffer)->getBufferIdentifier().str(), line,
                  column};
}

static const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

/// {"line": L, "column": C}
static llvm::json::Object point(const Position &p) {
  return llvm::json::Object{{"line", p.line}, {"column", p.column}};
}

/// {"file", "line", "column"} of the start and, if the range has one, an
/// "end" point.
static llvm::json::Value location(llvm::SourceMgr &sm, llvm::SMRange range) {
  std::optional<Position> start = positionOf(sm, range.Start);
  if (!start)
    return nullptr;
  llvm::json::Object loc{
      {"file", start->file}, {"line", start->line}, {"column", start->column}};
  if (std::optional<Position> end = positionOf(sm, range.End))
    loc["end"] = point(*end);
  return llvm::json::Value(std::move(loc));
}

void DiagnosticEngine::printJSON() {
  llvm::json::Array list;
  for (const Diagnostic &diag : held) {
    auto message = [&](const DiagnosticMessage &m) {
      llvm::json::Object o{{"severity", severityName(m.severity)},
                           {"message", m.message},
                           {"location", location(sourceMgr, m.range)}};
      if (!m.flags.empty())
        o["option"] = m.flags;
      return o;
    };
    llvm::json::Object o = message(diag.main);
    llvm::json::Array notes, fixits;
    for (const DiagnosticMessage &note : diag.notes)
      notes.push_back(message(note));
    for (const FixIt &fix : diag.main.fixIts)
      fixits.push_back(llvm::json::Object{
          {"location", location(sourceMgr, fix.range)}, {"text", fix.text}});
    o["notes"] = std::move(notes);
    o["fixits"] = std::move(fixits);
    list.push_back(std::move(o));
  }
  llvm::json::Object doc{{"diagnostics", std::move(list)},
                         {"errors", numErrors},
                         {"warnings", numWarnings}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
}

/// A SARIF artifact URI: the path as written when relative, else a file URI.
static std::string artifactUri(llvm::StringRef path) {
  return (llvm::sys::path::is_absolute(path) ? "file://" : "") +
         percentEncodePath(path);
}

/// SARIF's physicalLocation of a range (null if it has no position).
static llvm::json::Value physicalLocation(llvm::SourceMgr &sm,
                                          llvm::SMRange range) {
  std::optional<Position> start = positionOf(sm, range.Start, true);
  if (!start)
    return nullptr;
  llvm::json::Object region{{"startLine", start->line},
                            {"startColumn", start->column}};
  if (std::optional<Position> end = positionOf(sm, range.End, true)) {
    region["endLine"] = end->line;
    region["endColumn"] = end->column;
  }
  return llvm::json::Object{
      {"artifactLocation",
       llvm::json::Object{{"uri", artifactUri(start->file)}}},
      {"region", std::move(region)}};
}

void DiagnosticEngine::printSARIF() {
  llvm::json::Array rules;
  for (const WarningInfo &info : warningInfos)
    rules.push_back(llvm::json::Object{
        {"id", info.name},
        {"shortDescription", llvm::json::Object{{"text", info.summary}}}});
  llvm::json::Array results;
  for (const Diagnostic &diag : held) {
    const DiagnosticMessage &m = diag.main;
    llvm::json::Object result{
        {"level", severityName(m.severity)},
        {"message", llvm::json::Object{{"text", m.message}}}};
    // The rule of a warning is its name, the last flag (-Werror,-Wname).
    llvm::StringRef flag = llvm::StringRef(m.flags).rsplit(',').second;
    if (flag.empty())
      flag = m.flags;
    if (flag.consume_front("-W"))
      result["ruleId"] = flag.str();
    llvm::json::Value where = physicalLocation(sourceMgr, m.range);
    if (where.kind() != llvm::json::Value::Null)
      result["locations"] = llvm::json::Array{
          llvm::json::Object{{"physicalLocation", std::move(where)}}};
    llvm::json::Array related;
    for (const DiagnosticMessage &note : diag.notes) {
      llvm::json::Object r{
          {"message", llvm::json::Object{{"text", note.message}}}};
      llvm::json::Value noteWhere = physicalLocation(sourceMgr, note.range);
      if (noteWhere.kind() != llvm::json::Value::Null)
        r["physicalLocation"] = std::move(noteWhere);
      related.push_back(std::move(r));
    }
    if (!related.empty())
      result["relatedLocations"] = std::move(related);
    llvm::json::Array fixes;
    for (const FixIt &fix : m.fixIts) {
      llvm::json::Value fixWhere = physicalLocation(sourceMgr, fix.range);
      if (fixWhere.kind() == llvm::json::Value::Null)
        continue;
      llvm::json::Object *loc = fixWhere.getAsObject();
      llvm::json::Value artifact = std::move((*loc)["artifactLocation"]);
      llvm::json::Value region = std::move((*loc)["region"]);
      fixes.push_back(llvm::json::Object{
          {"artifactChanges",
           llvm::json::Array{llvm::json::Object{
               {"artifactLocation", std::move(artifact)},
               {"replacements",
                llvm::json::Array{llvm::json::Object{
                    {"deletedRegion", std::move(region)},
                    {"insertedContent",
                     llvm::json::Object{{"text", fix.text}}}}}}}}}});
    }
    if (!fixes.empty())
      result["fixes"] = std::move(fixes);
    results.push_back(std::move(result));
  }
  llvm::json::Object driver{{"name", programName}, {"rules", std::move(rules)}};
  if (!version.empty())
    driver["version"] = version;
  llvm::json::Object doc{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{llvm::json::Object{
                   {"tool", llvm::json::Object{{"driver", std::move(driver)}}},
                   {"columnKind", "unicodeCodePoints"},
                   {"results", std::move(results)}}}}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
}
