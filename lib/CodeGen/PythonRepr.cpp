//===- PythonRepr.cpp - Python spellings of patterns and numbers ----------===//

#include "PythonRepr.h"
#include "bpat/CodeGen/Emitters.h"
#include "bpat/Runtime/BuiltinNames.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace bpat;
using namespace bpat::codegen;

/// renderPython, appending to one string rather than concatenating a string
/// per tuple element.
static void renderInto(const lower::PyPattern &pattern, std::string &out) {
  switch (pattern.kind) {
  case lower::PyPattern::Kind::MatchAll:
    out += rt::matchAllNodeName;
    return;
  case lower::PyPattern::Kind::Op:
    if (pattern.op->kind == ir::OpKind::Method) {
      out += '\'';
      out += pattern.op->target;
      out += '\'';
    } else {
      out += pattern.op->target;
    }
    return;
  case lower::PyPattern::Kind::Tuple:
    break;
  }
  out += '(';
  for (size_t i = 0; i < pattern.elements.size(); ++i) {
    if (i)
      out += ", ";
    renderInto(pattern.elements[i], out);
  }
  out += ')';
}

std::string codegen::renderPython(const lower::PyPattern &pattern) {
  std::string out;
  renderInto(pattern, out);
  return out;
}

std::string codegen::formatPythonFloat(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  if (value == 0)
    return std::signbit(value) ? "-0.0" : "0.0";

  // Shortest %e form that reads back to the same double.
  char buffer[64];
  for (int precision = 0; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*e", precision, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  std::string text = buffer;
  bool negative = text[0] == '-';
  if (negative)
    text = text.substr(1);
  size_t ePos = text.find('e');
  int exponent = std::atoi(text.c_str() + ePos + 1);
  std::string digits;
  for (size_t i = 0; i < ePos; ++i)
    if (text[i] != '.')
      digits += text[i];
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();

  // Python's repr switches to exponent form outside 1e-4 <= |x| < 1e16.
  int decimalPoint = exponent + 1;
  std::string out;
  if (decimalPoint > -4 && decimalPoint <= 16) {
    if (decimalPoint <= 0) {
      out = "0." + std::string(-decimalPoint, '0') + digits;
    } else if (size_t(decimalPoint) >= digits.size()) {
      out = digits + std::string(decimalPoint - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, decimalPoint) + "." + digits.substr(decimalPoint);
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1)
      out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof(exp), "e%c%02d", exponent < 0 ? '-' : '+',
                  std::abs(exponent));
    out += exp;
  }
  return negative ? "-" + out : out;
}
