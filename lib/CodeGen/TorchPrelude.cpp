//===- TorchPrelude.cpp - The fixed Python text of --emit=torch -----------===//
//
// Expands TorchPrelude.py: `#@part NAME` selects a part, `#@if FLAG` /
// `#@endif` keep or drop lines, @API@ is substituted. The file's own header
// comment (before the first part) is never written.
//
//===----------------------------------------------------------------------===//

#include "TorchPrelude.h"
#include <cassert>

#include "TorchPrelude.inc"

using namespace bpat;

std::string codegen::expandTorchPrelude(llvm::StringRef part,
                                        const std::set<std::string> &flags,
                                        llvm::StringRef api) {
  llvm::StringRef text(TorchPreludeText, sizeof(TorchPreludeText) - 1);
  std::string out;
  bool inPart = false, keep = true;
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    text = rest;
    if (line.consume_front("#@part ")) {
      inPart = line.trim() == part;
      continue;
    }
    if (!inPart)
      continue;
    if (line.consume_front("#@if ")) {
      keep = flags.count(line.trim().str()) != 0;
      continue;
    }
    if (line.trim() == "#@endif") {
      keep = true;
      continue;
    }
    if (!keep)
      continue;
    std::string expanded = line.str();
    for (size_t pos; (pos = expanded.find("@API@")) != std::string::npos;)
      expanded.replace(pos, 5, api.str());
    out += expanded + "\n";
  }
  return out;
}
