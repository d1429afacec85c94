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
  /// Returns a failure carrying \p Message.
  static Error failure(std::string Message) {
    Error E;
    E.Failed = true;
    E.Message = std::move(Message);
    return E;
  }

  /// True when this is a failure.
  explicit operator bool() const { return Failed; }
  /// The failure message (empty on success).
  const std::string &message() const { return Message; }

private:
  Error() = default;
  bool Failed = false;
  std::string Message;
};

/// Either a value of type \p T or an error message.
template <typename T> class Expected {
public:
  Expected(T Value) : Value(std::move(Value)) {}
  Expected(Error E) : Message(E.message()) {
    assert(E && "an Expected built from an Error must hold a failure");
  }

  /// True when a value is present.
  explicit operator bool() const { return Value.has_value(); }
  T &operator*() { return *Value; }
  const T &operator*() const { return *Value; }
  T *operator->() { return &*Value; }
  const T *operator->() const { return &*Value; }
  /// The failure message (empty when a value is present).
  const std::string &message() const { return Message; }
  /// Moves the value out. Requires a value.
  T take() { return std::move(*Value); }

private:
  std::optional<T> Value;
  std::string Message;
};

} // namespace bpat::rt

#endif // BPAT_RUNTIME_ERROR_H
