//===- LibraryIndex.cpp - What the .bpat library already declares ---------===//
//
// Compiles each .bpat file of the library (and of -I directories) to an
// ir::Program and indexes what the file itself declares by meaning, so that
// bpat-import can find a declaration equal to what a dump uses. Only the IR
// is read; the keys are shared with Declarations.cpp.
//
//===----------------------------------------------------------------------===//

#include "LibraryIndex.h"
#include "bpat/Sema/Sema.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cstdio>
#include <map>

using namespace bpat;
using namespace bpat::import;

std::string import::shapeSignature(const std::vector<ir::ParamShape> &params) {
  std::string out = "(";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i)
      out += ",";
    out += params[i].isTuple() ? shapeSignature(params[i].elements) : "_";
  }
  return out + ")";
}

std::string import::fuserKey(const std::string &target,
                             const std::string &signature) {
  return target + "|" + signature;
}

std::string import::getterKey(bool isRoot, const std::string &target) {
  return (isRoot ? "root|" : "extra|") + target;
}

static std::string numberKey(const ir::Number &n) {
  if (!n.isFloat)
    return "i" + std::to_string(n.intValue);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "f%a", n.floatValue);
  return buffer;
}

static std::string dtypeKey(const char *tag, const DTypeKey &d) {
  std::string out = std::string(tag) + "=" + d.target + "{";
  for (const auto &[name, number] : d.constraints)
    out += name + ":" + numberKey(number) + ",";
  return out + "};";
}

std::string import::dtypeConfigKey(const std::optional<DTypeKey> &input,
                                   const std::optional<DTypeKey> &output,
                                   const std::optional<DTypeKey> &weight,
                                   const std::optional<std::string> &bias,
                                   std::optional<bool> isDynamic) {
  std::string key;
  if (input)
    key += dtypeKey("in", *input);
  if (output)
    key += dtypeKey("out", *output);
  if (weight)
    key += dtypeKey("w", *weight);
  if (bias)
    key += "b=" + *bias + ";";
  if (isDynamic)
    key += std::string("dyn=") + (*isDynamic ? "1" : "0") + ";";
  return key;
}

static std::optional<DTypeKey>
keyOf(const std::optional<ir::DTypeWithConstraints> &d) {
  if (!d)
    return std::nullopt;
  DTypeKey key{d->dtype->target, {}};
  ir::forEachConstraint(
      *d, [&](const char *name, const std::optional<ir::Number> &n) {
        if (n)
          key.constraints.push_back({name, *n});
      });
  return key;
}

std::string import::dtypeConfigKey(const ir::DTypeConfig &config) {
  std::optional<std::string> bias;
  if (config.bias)
    bias = config.bias->target;
  return dtypeConfigKey(keyOf(config.input), keyOf(config.output),
                        keyOf(config.weight), bias, config.isDynamic);
}

/// Every .bpat file under `root`, as (absolute path, path relative to root
/// with '/' separators), sorted by relative path.
static std::vector<std::pair<std::string, std::string>>
findBpatFiles(const std::string &root) {
  std::vector<std::pair<std::string, std::string>> files;
  if (root.empty() || !llvm::sys::fs::is_directory(root))
    return files;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end;
       it != end && !ec; it.increment(ec)) {
    llvm::StringRef path = it->path();
    if (!path.endswith(".bpat") || llvm::sys::fs::is_directory(path))
      continue;
    llvm::StringRef relative = path.drop_front(root.size());
    relative = relative.ltrim("/\\");
    std::string rel = relative.str();
    std::replace(rel.begin(), rel.end(), '\\', '/');
    files.emplace_back(path.str(), rel);
  }
  std::sort(files.begin(), files.end(),
            [](const auto &a, const auto &b) { return a.second < b.second; });
  return files;
}

static void indexFile(const std::string &path, const std::string &relative,
                      const ImportOptions &options, LibraryIndex &index) {
  llvm::SourceMgr sourceMgr;
  llvm::raw_null_ostream quiet;
  DiagnosticEngine diags(sourceMgr, quiet);
  std::unique_ptr<ast::Program> ast = loadProgram(path, options, diags);
  if (!ast) {
    index.skipped.push_back(relative + ": does not load");
    return;
  }
  std::unique_ptr<ir::Program> program = analyze(*ast, diags);
  if (!program) {
    index.skipped.push_back(relative + ": has errors");
    return;
  }
  if (!program->backends.empty()) {
    index.skipped.push_back(relative + ": declares a backend");
    return;
  }

  // Every name in the file and its imports is taken in a file importing it.
  for (const auto &[name, file] : program->declarationFiles)
    index.names.insert(name);

  // What the file itself declares, by meaning; its imports are indexed as
  // files of their own.
  auto declaredHere = [&](const std::string &name) {
    return program->isDeclaredInMainFile(name);
  };
  for (const auto &op : program->ops)
    if (declaredHere(op->name)) {
      LibraryOp entry;
      entry.name = op->name;
      entry.file = relative;
      entry.kind = op->kind;
      index.opsByTarget.emplace(op->target, entry);
    }
  for (const auto &set : program->opSets)
    if (declaredHere(set->name)) {
      std::vector<std::string> members;
      for (const ir::Op *op : set->members)
        members.push_back(op->target);
      index.opSetsByMembers.emplace(members, LibraryEntry{set->name, relative});
    }
  // A constrained dtype carries its base's target but is not that dtype:
  // only plain dtypes stand for a dump's "torch.quint8".
  for (const auto &dtype : program->dtypes)
    if (declaredHere(dtype->name) && !dtype->base)
      index.dtypesByTarget.emplace(dtype->target,
                                   LibraryEntry{dtype->name, relative});
  for (const auto &config : program->dtypeConfigs)
    if (declaredHere(config->name))
      index.dtypeConfigsByKey.emplace(dtypeConfigKey(*config),
                                      LibraryEntry{config->name, relative});
  for (const auto &fuser : program->fusers)
    if (declaredHere(fuser->name))
      index.fusersByKey.emplace(
          fuserKey(fuser->target, shapeSignature(fuser->params)),
          LibraryEntry{fuser->name, relative});
  for (const auto &getter : program->getters)
    if (declaredHere(getter->name))
      index.gettersByKey.emplace(
          getterKey(getter->kind == ir::GetterKind::RootNode, getter->target),
          LibraryEntry{getter->name, relative});
}

LibraryIndex import::buildLibraryIndex(const ImportOptions &options) {
  LibraryIndex index;
  // Import resolution tries -I directories before the library, so a file
  // found in both is the -I one.
  std::vector<std::string> roots = options.includeDirs;
  roots.push_back(options.libraryDir);
  std::set<std::string> seenRelative, seenReal;
  for (const std::string &root : roots) {
    for (const auto &[path, relative] : findBpatFiles(root)) {
      llvm::SmallString<256> real;
      if (llvm::sys::fs::real_path(path, real))
        real = path;
      if (!seenReal.insert(std::string(real)).second ||
          !seenRelative.insert(relative).second)
        continue;
      indexFile(path, relative, options, index);
    }
  }
  return index;
}
