//===- HooksCommon.h - Recording hooks for the end-to-end tests -*- C++ -*-===//

#ifndef BPAT_UNITTESTS_ENDTOEND_HOOKSCOMMON_H
#define BPAT_UNITTESTS_ENDTOEND_HOOKSCOMMON_H

#include "bpat/Runtime/Fuser.h"
#include "bpat/Runtime/GraphTraits.h"
#include <string>
#include <vector>

/// Modules the last forward-order fuser or `sequential` received.
inline std::vector<std::string> fuserLog;

/// `(a, (b, c))`-style rendering of what a reversed nested fuser received.
inline std::string render(const bpat::rt::NestedArgs<std::string> &args) {
  std::string out = "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i)
      out += ", ";
    out += args[i].isLeaf() ? args[i].value() : render(args[i].elements());
  }
  return out + ")";
}

/// Hooks every backend can share: `sequential` and getters.
struct CommonHooks {
  using Module = std::string;
  static bpat::rt::Expected<Module> sequential(const char *fusedModule,
                                               std::vector<Module> modules) {
    fuserLog = modules;
    return std::string("sequential:") + fusedModule;
  }
  static bpat::rt::Expected<Module> forward(const char *name,
                                            std::vector<Module> modules) {
    fuserLog = modules;
    return std::string(name);
  }
};

#endif
