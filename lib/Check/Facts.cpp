//===- Facts.cpp - What the rule checks know about a program --------------===//
//
// Computes ProgramFacts and BackendFacts (Facts.h). The namespaces that mark
// a class as a reference, QAT or fused module are PyTorch's: 1.13.1 spells
// them torch.nn.quantized._reference / torch.ao.nn.quantized.reference,
// torch.nn.qat / torch.nn.intrinsic.qat, torch.nn.intrinsic; 2.x puts all of
// them under torch.ao.nn.
//
//===----------------------------------------------------------------------===//

#include "Facts.h"

#include "llvm/ADT/StringRef.h"

using namespace bpat;
using namespace bpat::check;

std::string check::className(const ir::Op &op) {
  return llvm::StringRef(op.target).rsplit('.').second.empty()
             ? op.target
             : llvm::StringRef(op.target).rsplit('.').second.str();
}

/// Whether `target` has `.part.` among its dotted components.
static bool inNamespace(llvm::StringRef target, llvm::StringRef part) {
  return target.contains(("." + part + ".").str());
}

static bool isReferenceClass(const ir::Op &op) {
  return op.kind == ir::OpKind::Module &&
         (inNamespace(op.target, "reference") ||
          inNamespace(op.target, "_reference"));
}

static bool isQatClass(const ir::Op &op) {
  return op.kind == ir::OpKind::Module && inNamespace(op.target, "qat");
}

/// A plain float module: not quantized, QAT, fused or reference.
static bool isFloatClass(const ir::Op &op) {
  llvm::StringRef t = op.target;
  return op.kind == ir::OpKind::Module && !t.contains("quantized") &&
         !inNamespace(t, "qat") && !inNamespace(t, "intrinsic");
}

const ir::Op *check::loneOp(const ir::PatternNode &tree) {
  return !tree.isWildcard() && tree.args.empty() ? tree.op : nullptr;
}

const ir::Op *check::firstForwardOp(const ir::PatternNode &tree) {
  const ir::PatternNode *node = &tree;
  while (!node->args.empty())
    node = &node->args.back();
  return node->isWildcard() ? nullptr : node->op;
}

static void describeNested(const ir::PatternNode &node, std::string &out) {
  out += node.isWildcard() ? "_" : node.op->name;
  if (node.args.empty())
    return;
  out += '(';
  for (size_t i = 0; i < node.args.size(); ++i) {
    if (i)
      out += ", ";
    describeNested(node.args[i], out);
  }
  out += ')';
}

std::string check::describe(const ir::PatternNode &tree) {
  std::vector<const ir::PatternNode *> chain;
  for (const ir::PatternNode *node = &tree;;) {
    if (node->isWildcard() || node->args.size() > 1)
      break;
    chain.push_back(node);
    if (node->args.empty()) {
      std::string out;
      for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        out += (out.empty() ? "" : " -> ") + (*it)->op->name;
      return out;
    }
    node = &node->args.front();
  }
  std::string out;
  describeNested(tree, out);
  return out;
}

ProgramFacts::ProgramFacts(const ir::Program &program) {
  std::map<std::string, const ir::Op *> referenceByClass;
  for (const auto &op : program.ops) {
    if (isReferenceClass(*op))
      referenceByClass.emplace(className(*op), op.get());
    if (isQatClass(*op))
      qatOps.push_back(op.get());
    if (op->kind == ir::OpKind::Module &&
        inNamespace(op->target, "intrinsic") &&
        !inNamespace(op->target, "qat") &&
        !llvm::StringRef(op->target).contains("quantized"))
      fusedModules.insert(op.get());
  }
  for (const ir::Backend &backend : program.backends)
    for (const ir::PatternConfig &config : backend.configs) {
      if (config.rootModule && config.referenceModule)
        referenceOf.emplace(config.rootModule, config.referenceModule);
      if (config.fusedModule)
        fusedModules.insert(config.fusedModule);
      const ir::Op *op = loneOp(config.tree);
      if (op && op->kind == ir::OpKind::Function)
        for (const auto &[key, index] : config.inputTypeToIndex)
          if (key == "weight")
            weightIndexFrom.emplace(op, &config);
    }
  for (const auto &op : program.ops)
    if (isFloatClass(*op)) {
      auto it = referenceByClass.find(className(*op));
      if (it != referenceByClass.end())
        referenceOf.emplace(op.get(), it->second);
    }
}

BackendFacts::BackendFacts(const ir::Backend &backend) : backend(backend) {
  for (const ir::PatternConfig &config : backend.configs) {
    if (const ir::Op *op = loneOp(config.tree))
      loneConfig.emplace(op, &config);
    if (config.fusedModule && config.fuser)
      producers[config.fusedModule].push_back(&config);
    if (config.rootModule && config.referenceModule)
      rootClasses.insert(config.rootModule);
    quantizes |= !config.dtypeConfigs.empty();
    const ir::Op *lone = loneOp(config.tree);
    if (config.qatModule && lone && lone != config.qatModule)
      floatOfQat.emplace(config.qatModule, lone);
  }
}

const ir::Op *BackendFacts::floatModuleOf(const ir::Op *op) const {
  // A QAT module converts back to the module whose config names it; a fused
  // module is indexed. A few steps cover QAT-of-fused; the bound stops a
  // cycle a broken backend might have.
  for (int step = 0; step < 4; ++step) {
    auto produced = producers.find(op);
    if (produced != producers.end()) {
      const ir::Op *first = firstForwardOp(produced->second.front()->tree);
      if (!first || first == op)
        return op;
      op = first;
      continue;
    }
    auto qat = floatOfQat.find(op);
    if (qat == floatOfQat.end())
      return op;
    op = qat->second;
  }
  return op;
}

bool RuleContext::editable(const ir::PatternConfig &config) const {
  llvm::SourceMgr &sm = diags.getSourceMgr();
  return config.loc.Start.isValid() &&
         sm.FindBufferContainingLoc(config.loc.Start) == sm.getMainFileID();
}

std::string RuleContext::declaredNote(const ir::Op &op) {
  return "'" + op.name + "' is declared here as \"" + op.target + "\"";
}

FixIt check::addAttributesFixIt(const ir::PatternConfig &config,
                                const std::string &text) {
  const char *last = config.loc.End.getPointer() - 1; // the `}` or `;`
  llvm::SMLoc at = llvm::SMLoc::getFromPointer(last);
  if (config.hasBody)
    return {{at, at}, text + " "};
  return {{at, llvm::SMLoc::getFromPointer(last + 1)}, " { " + text + " }"};
}

FixIt check::removeAttributeFixIt(const llvm::SourceMgr &sm,
                                  const ir::PatternConfig::AttrSource &source) {
  const char *begin = source.range.Start.getPointer();
  const char *end = source.range.End.getPointer();
  llvm::StringRef buffer =
      sm.getMemoryBuffer(sm.FindBufferContainingLoc(source.range.Start))
          ->getBuffer();
  // Take the blanks after it too, and the whole line if it is alone there.
  while (end < buffer.end() && (*end == ' ' || *end == '\t'))
    ++end;
  const char *lineStart = begin;
  while (lineStart > buffer.begin() &&
         (lineStart[-1] == ' ' || lineStart[-1] == '\t'))
    --lineStart;
  bool aloneOnLine = (lineStart == buffer.begin() || lineStart[-1] == '\n') &&
                     (end == buffer.end() || *end == '\n');
  if (aloneOnLine) {
    begin = lineStart;
    if (end < buffer.end())
      ++end;
  }
  return {
      {llvm::SMLoc::getFromPointer(begin), llvm::SMLoc::getFromPointer(end)},
      ""};
}

static bool sameConstraints(const std::optional<ir::DTypeWithConstraints> &a,
                            const std::optional<ir::DTypeWithConstraints> &b) {
  if (!a || !b)
    return !a && !b;
  if (a->dtype != b->dtype)
    return false;
  bool same = true;
  auto number = [](const std::optional<ir::Number> &n) {
    return n ? std::optional<double>(n->asDouble()) : std::nullopt;
  };
  std::vector<std::optional<double>> left, right;
  ir::forEachConstraint(*a,
                        [&](const char *, const std::optional<ir::Number> &n) {
                          left.push_back(number(n));
                        });
  ir::forEachConstraint(*b,
                        [&](const char *, const std::optional<ir::Number> &n) {
                          right.push_back(number(n));
                        });
  same = left == right;
  return same;
}

bool check::quantizesWeight(const ir::PatternConfig &config) {
  for (const ir::DTypeConfig *d : config.dtypeConfigs)
    if (d->weight)
      return true;
  return false;
}

bool check::sameDTypeConfig(const ir::DTypeConfig &a,
                            const ir::DTypeConfig &b) {
  if (&a == &b)
    return true;
  return sameConstraints(a.input, b.input) &&
         sameConstraints(a.output, b.output) &&
         sameConstraints(a.weight, b.weight) && a.bias == b.bias &&
         a.isDynamic.value_or(false) == b.isDynamic.value_or(false);
}

std::optional<InFlightDiagnostic>
RuleContext::warn(Warning w, llvm::SMRange range, const std::string &message) {
  if (!reported.insert({range.Start.getPointer(), message}).second)
    return std::nullopt;
  return diags.warning(w, range, message);
}
