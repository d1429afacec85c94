//===- bpat/Runtime/Error.h - Errors as return values -----------*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A tiny error type and an `Expected<T>` for the runtime API. The runtime
/// never throws across its API and never exits; a failure is a returned value
/// that carries a message.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_ERROR_H
#define BPAT_RUNTIME_ERROR_H

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace bpat::rt {

/// The result of an operation that produces no value: success, or a message.
class Error {
public:
  /// Returns a success value.
  static Error success() { return Error(); }
  /// Returns a failure carrying \p message.
  static Error failure(std::string message) {
    Error e;
    e.failed = true;
    e.text = std::move(message);
    return e;
  }

  /// True when this is a failure.
  explicit operator bool() const { return failed; }
  /// The failure message (empty on success).
  const std::string &message() const { return text; }

private:
  Error() = default;
  bool failed = false;
  std::string text;
};

/// Either a value of type \p t or an error message.
template <typename T> class Expected {
public:
  Expected(T value) : value(std::move(value)) {}
  Expected(Error e) : errorText(e.message()) {
    assert(e && "an Expected built from an Error must hold a failure");
  }

  /// True when a value is present.
  explicit operator bool() const { return value.has_value(); }
  T &operator*() { return *value; }
  const T &operator*() const { return *value; }
  T *operator->() { return &*value; }
  const T *operator->() const { return &*value; }
  /// The failure message (empty when a value is present).
  const std::string &message() const { return errorText; }
  /// Moves the value out. Requires a value.
  T take() { return std::move(*value); }

private:
  std::optional<T> value;
  std::string errorText;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_ERROR_H
