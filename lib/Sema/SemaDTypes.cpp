//===- SemaDTypes.cpp - Constrained dtypes --------------------------------===//
//
// The constraints of PyTorch's DTypeWithConstraints, written on a dtype
// declaration (`dtype act = quint8 { ... };`) or where a dtype is used
// (`input = act { ... };`): each field checked once, and bounds that
// contradict each other reported once, at the later one, with both values.
//
//===----------------------------------------------------------------------===//

#include "SemaImpl.h"
#include "bpat/Support/NearestName.h"

#include <cstdio>
#include <cstdlib>

using namespace bpat;
using namespace bpat::sema;

/// A constraint's value as written: `10`, `0.5`.
static std::string numberText(const ir::Number &n) {
  if (!n.isFloat)
    return std::to_string(n.intValue);
  // The shortest spelling that reads back as the same double.
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, n.floatValue);
    if (std::strtod(buffer, nullptr) == n.floatValue)
      break;
  }
  std::string text = buffer;
  if (text.find_first_of(".eEn") == std::string::npos)
    text += ".0"; // written as a float, shown as one
  return text;
}

bool SemaImpl::checkConstraints(const ir::DTypeWithConstraints &c,
                                llvm::SMRange where,
                                const std::vector<ast::Attr> &attrs,
                                const ir::DType *refined) {
  auto attrNamed = [&](const char *name) -> const ast::Attr * {
    for (const ast::Attr &attr : attrs)
      if (attr.key.text == name)
        return &attr;
    return nullptr;
  };
  bool ok = true;
  auto contradict = [&](const char *lowName,
                        const std::optional<ir::Number> &lo,
                        const char *highName,
                        const std::optional<ir::Number> &hi) {
    if (!lo || !hi || lo->asDouble() <= hi->asDouble())
      return;
    ok = false;
    // At the bound written here (the later one, if both are), with a
    // note at the other when it is written here too.
    const ast::Attr *low = attrNamed(lowName);
    const ast::Attr *high = attrNamed(highName);
    const ast::Attr *at =
        low && high
            ? (low->range.Start.getPointer() > high->range.Start.getPointer()
                   ? low
                   : high)
            : (low ? low : high);
    InFlightDiagnostic diag = diags.error(
        at ? at->range : where,
        llvm::Twine("contradictory constraints: ") + lowName + " = " +
            numberText(*lo) + " is above " + highName + " = " +
            numberText(*hi) + "; no qconfig can satisfy both");
    const ast::Attr *other = at == low ? high : low;
    if (other)
      diag.note(other->range, "the other bound is given here");
    else if (refined)
      diag.note(refined->loc, "the other bound comes from '" + refined->name +
                                  "', declared here");
  };
  contradict("quant_min_lower_bound", c.quantMinLowerBound,
             "quant_max_upper_bound", c.quantMaxUpperBound);
  contradict("scale_min_lower_bound", c.scaleMinLowerBound,
             "scale_max_upper_bound", c.scaleMaxUpperBound);
  contradict("scale_min_lower_bound", c.scaleMinLowerBound, "scale_exact_match",
             c.scaleExactMatch);
  contradict("scale_exact_match", c.scaleExactMatch, "scale_max_upper_bound",
             c.scaleMaxUpperBound);
  contradict("quant_min_lower_bound", c.quantMinLowerBound,
             "zero_point_exact_match", c.zeroPointExactMatch);
  contradict("zero_point_exact_match", c.zeroPointExactMatch,
             "quant_max_upper_bound", c.quantMaxUpperBound);
  if (c.scaleExactMatch && c.scaleExactMatch->asDouble() <= 0) {
    const ast::Attr *attr = attrNamed("scale_exact_match");
    diags.error(attr ? attr->range : where,
                "scale_exact_match must be positive, not " +
                    numberText(*c.scaleExactMatch));
    ok = false;
  }
  return ok;
}

bool SemaImpl::applyConstraints(const std::vector<ast::Attr> &attrs,
                                ir::DTypeWithConstraints &result,
                                const ir::DType *preset) {
  const char *const *fields = ir::constraintFieldNames;
  constexpr unsigned numFields = std::size(ir::constraintFieldNames);
  std::optional<ir::Number> *slots[numFields];
  unsigned slot = 0;
  ir::forEachConstraint(
      result,
      [&](const char *, std::optional<ir::Number> &n) { slots[slot++] = &n; });
  const ast::Attr *given[numFields] = {};
  bool ok = true;
  for (const ast::Attr &attr : attrs) {
    unsigned index = 0;
    while (index < numFields && attr.key.text != fields[index])
      ++index;
    if (index == numFields) {
      NearestName nearest(attr.key.text);
      for (const char *field : ir::constraintFieldNames)
        nearest.consider(field);
      diags.error(attr.key.range, "unknown dtype constraint '" + attr.key.text +
                                      "'" + nearest.didYouMean());
      ok = false;
      continue;
    }
    if (given[index]) {
      diags.error(attr.key.range, "'" + attr.key.text + "' is given twice")
          .note(given[index]->key.range, "first given here");
      ok = false;
      continue;
    }
    given[index] = &attr;
    if (*slots[index] && preset) {
      diags
          .error(attr.key.range, "'" + attr.key.text +
                                     "' is already set by dtype '" +
                                     preset->name + "'")
          .note(preset->loc, "'" + preset->name + "' declared here");
      ok = false;
      continue;
    }
    const ast::Value &v = *attr.value;
    if (v.kind != ast::Value::Kind::Number) {
      diags.error(v.range, "'" + attr.key.text + "' takes a number");
      ok = false;
      continue;
    }
    if (index == 5 && v.isFloat) {
      diags.error(v.range, "zero_point_exact_match takes an integer");
      ok = false;
      continue;
    }
    ir::Number number;
    number.isFloat = v.isFloat;
    number.intValue = v.intValue;
    number.floatValue = v.floatValue;
    *slots[index] = number;
  }
  return ok;
}

std::optional<ir::DTypeWithConstraints>
SemaImpl::analyzeConstrainedDType(const ast::Value &value) {
  if (value.kind != ast::Value::Kind::Name &&
      value.kind != ast::Value::Kind::Constrained) {
    diags.error(value.range,
                "expected a dtype, optionally with a constraint block");
    return std::nullopt;
  }
  ast::Name name{value.text, value.range};
  if (value.kind == ast::Value::Kind::Constrained)
    name.range.End = llvm::SMLoc::getFromPointer(
        value.range.Start.getPointer() + value.text.size());
  Symbol *symbol =
      lookup(name, "dtype", [](const Symbol &s) { return s.dtype; });
  if (!symbol)
    return std::nullopt;
  const ir::DType *dtype = symbol->dtype;
  ir::DTypeWithConstraints result;
  if (dtype->base) {
    // A constrained dtype: its constraints, then the block's.
    if (!dtype->constraints)
      return std::nullopt; // its own declaration had errors
    result = *dtype->constraints;
  } else {
    result.dtype = dtype;
  }
  if (applyConstraints(value.attrs, result, dtype->base ? dtype : nullptr))
    checkConstraints(result, value.range, value.attrs,
                     dtype->base ? dtype : nullptr);
  return result;
}

void SemaImpl::analyzeConstrainedDTypeDecl(const ast::Decl &decl,
                                           ir::DType &dtype) {
  Symbol *base =
      lookup(decl.baseName, "dtype", [](const Symbol &s) { return s.dtype; });
  if (!base)
    return;
  if (base->dtype->base) {
    diags
        .error(decl.baseName.range,
               "'" + base->dtype->name +
                   "' is itself a constrained dtype; refine a plain dtype")
        .note(base->dtype->loc, "declared here");
    return;
  }
  dtype.base = base->dtype;
  dtype.target = base->dtype->target;
  auto constraints = std::make_shared<ir::DTypeWithConstraints>();
  constraints->dtype = base->dtype;
  if (!applyConstraints(decl.attrs, *constraints, nullptr))
    return;
  // A contradiction is reported here once; the dtype's uses then stay
  // silent (they see a dtype whose declaration had errors).
  if (!checkConstraints(*constraints, decl.range, decl.attrs, nullptr))
    return;
  dtype.constraints = std::move(constraints);
}
