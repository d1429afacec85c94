//===- GraphWriter.cpp - rt::Graph as graph JSON --------------------------===//
//
// Part of the bpat project. Plain C++17 (no LLVM), like the runtime: the
// text fx_export.py's dumps_graph writes (json.dumps with ensure_ascii=False
// for each node).
//
//===----------------------------------------------------------------------===//

#include "bpat/GraphJSON/GraphWriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace bpat {
namespace graphio {

namespace {

/// A JSON string as json.dumps(ensure_ascii=False) writes it.
void writeString(std::string &out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x",
                      static_cast<unsigned>(static_cast<unsigned char>(c)));
        out += buf;
      } else {
        out += c;
      }
    }
  }
  out += '"';
}

void writeLiteral(std::string &out, const rt::ArgView &l) {
  switch (l.literalKind()) {
  case rt::Literal::Kind::None:
    out += "null";
    return;
  case rt::Literal::Kind::Bool:
    out += l.boolValue() ? "true" : "false";
    return;
  case rt::Literal::Kind::Int:
    out += std::to_string(l.intValue());
    return;
  case rt::Literal::Kind::Float:
    if (!l.text().empty()) {
      out += l.text();
    } else if (std::isfinite(l.floatValue())) {
      out += pythonFloatRepr(l.floatValue());
    } else { // fx_export.py writes these by their repr
      out += "{\"literal\": ";
      writeString(out, pythonFloatRepr(l.floatValue()));
      out += '}';
    }
    return;
  case rt::Literal::Kind::String:
    writeString(out, l.text());
    return;
  case rt::Literal::Kind::Repr:
    out += "{\"literal\": ";
    writeString(out, l.text());
    out += '}';
    return;
  }
}

void writeArg(std::string &out, const rt::Graph &g, const rt::ArgView &a);

template <typename List>
void writeList(std::string &out, const rt::Graph &g, const List &elements) {
  out += '[';
  for (size_t i = 0; i != elements.size(); ++i) {
    if (i)
      out += ", ";
    writeArg(out, g, elements[i]);
  }
  out += ']';
}

void writeArg(std::string &out, const rt::Graph &g, const rt::ArgView &a) {
  switch (a.kind()) {
  case rt::Arg::Kind::Node:
    out += "{\"node\": ";
    writeString(out, g.name(a.node()));
    out += '}';
    return;
  case rt::Arg::Kind::Literal:
    writeLiteral(out, a);
    return;
  case rt::Arg::Kind::List:
    break;
  }
  switch (a.form()) {
  case rt::Arg::ListForm::List:
    writeList(out, g, a.elements());
    return;
  case rt::Arg::ListForm::Slice:
    out += "{\"slice\": ";
    writeList(out, g, a.elements());
    out += '}';
    return;
  case rt::Arg::ListForm::Dict: {
    out += "{\"dict\": {";
    rt::ArgView::Elements elements = a.elements();
    for (size_t i = 0; i != elements.size(); ++i) {
      if (i)
        out += ", ";
      writeString(out, a.key(i));
      out += ": ";
      writeArg(out, g, elements[i]);
    }
    out += "}}";
    return;
  }
  }
}

} // namespace

std::string pythonFloatRepr(double v) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v < 0 ? "-inf" : "inf";
  // The shortest digits that round-trip, as repr() chooses them, then
  // repr's layout: positional for exponents -4..15, else d.ddde+XX.
  char buf[64];
  std::to_chars_result r =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  int exponent = std::atoi(sci.c_str() + e + 1);
  bool negative = !mantissa.empty() && mantissa[0] == '-';
  std::string digits;
  for (char c : mantissa)
    if (c >= '0' && c <= '9')
      digits += c;
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    out += digits[0];
    if (digits.size() > 1)
      out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof(exp), "e%c%02d", exponent < 0 ? '-' : '+',
                  std::abs(exponent));
    return out + exp;
  }
  if (exponent < 0)
    return out + "0." + std::string(-exponent - 1, '0') + digits;
  size_t intDigits = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= intDigits)
    return out + digits + std::string(intDigits - digits.size(), '0') + ".0";
  return out + digits.substr(0, intDigits) + "." + digits.substr(intDigits);
}

std::string writeGraphJSON(const rt::Graph &g) {
  std::string out = "{\"nodes\": [\n";
  for (rt::NodeId id = 0; id != g.size(); ++id) {
    rt::NodeView n = g.node(id);
    out += "  {\"name\": ";
    writeString(out, n.name());
    out += ", \"op\": ";
    writeString(out, rt::nodeOpName(n.op()));
    out += ", \"target\": ";
    writeString(out, n.target());
    out += ", \"args\": ";
    writeList(out, g, n.args());
    out += ", \"kwargs\": {";
    bool first = true;
    for (rt::KwargView kv : n.kwargs()) {
      if (!first)
        out += ", ";
      first = false;
      writeString(out, kv.first);
      out += ": ";
      writeArg(out, g, kv.second);
    }
    out += "}, \"users\": [";
    first = true;
    for (rt::NodeId user : n.users()) {
      if (!first)
        out += ", ";
      first = false;
      writeString(out, g.name(user));
    }
    out += "]}";
    out += id + 1 == g.size() ? "\n" : ",\n";
  }
  return out + "]}\n";
}

} // namespace graphio
} // namespace bpat
