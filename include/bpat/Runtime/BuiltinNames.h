//===- bpat/Runtime/BuiltinNames.h - Names with a fixed meaning -*- C++ -*-===//
//
// Part of the bpat project: the runtime library (plain C++17).
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The names that are neither declared in a .bpat file nor rows of a
/// vocabulary table (the .def files) but still mean one thing everywhere:
/// the .bpat values with a built-in meaning, the PyTorch names bpat's inputs
/// and outputs spell, and bpat's own spellings of fusers PyTorch has no name
/// for. Every stage that reads or writes one of them reads it here.
///
//===----------------------------------------------------------------------===//

#ifndef BPAT_RUNTIME_BUILTINNAMES_H
#define BPAT_RUNTIME_BUILTINNAMES_H

namespace bpat::rt {

/// \name .bpat values with a built-in meaning
/// Not keywords of the grammar: names an attribute value may be, which a
/// declared name would shadow.
/// @{
/// The built-in fuser, `fuser = sequential;`.
inline constexpr const char *sequentialFuserName = "sequential";
/// The values of a boolean attribute.
inline constexpr const char *trueName = "true";
inline constexpr const char *falseName = "false";
/// The values of `format`.
inline constexpr const char *simpleFormatName = "simple";
inline constexpr const char *complexFormatName = "complex";
inline constexpr const char *builtinValueNames[] = {
    sequentialFuserName, trueName, falseName, simpleFormatName,
    complexFormatName};
/// @}

/// \name PyTorch's names
/// @{
/// The wildcard of a legacy pattern, as a Python pattern spells it.
inline constexpr const char *matchAllNodeName = "MatchAllNode";
inline constexpr const char *matchAllNodeQualifiedName =
    "torch.ao.quantization.utils.MatchAllNode";
/// The module of PyTorch's fuser methods and their wrappers.
inline constexpr const char *fuserMethodMappingsModule =
    "torch.ao.quantization.fuser_method_mappings";
/// PyTorch's wrapper that makes a fuser of a fused module class for a
/// 2-op chain: `_sequential_wrapper2(ConvReLU2d)`.
inline constexpr const char *sequentialWrapper2QualifiedName =
    "torch.ao.quantization.fuser_method_mappings._sequential_wrapper2";
/// @}

/// \name bpat's spellings in a to_dict() dump
/// A fuser PyTorch has no callable for is written as a call of one of these
/// on its argument: `bpat.sequential(X)` (the built-in fuser on a chain of 3
/// or more ops, fused module X), `bpat.reverse_nested(f)` (forward-order
/// fuser f adapted to PyTorch's reversed nested arguments).
/// @{
inline constexpr const char *bpatSequentialName = "bpat.sequential";
inline constexpr const char *bpatReverseNestedName = "bpat.reverse_nested";
/// @}

/// \name The runtime backend file (`bpatc --emit=runtime-json`)
/// Its top-level object holds this key with the format's version.
/// @{
inline constexpr const char *runtimeJSONFormatKey = "bpat_runtime_backend";
inline constexpr int runtimeJSONFormatVersion = 1;
/// @}

} // namespace bpat::rt

#endif // BPAT_RUNTIME_BUILTINNAMES_H
