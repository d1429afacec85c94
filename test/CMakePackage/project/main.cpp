// Links against bpat::Runtime from the installed package.
#include <bpat/Runtime/BackendConfig.h>
#include <cstdio>

int main() {
  bpat::rt::BackendConfig Config("outside");
  std::printf("runtime ok: %s, %zu configs\n", Config.Name.c_str(), Config.Configs.size());
  return Config.Configs.empty() ? 0 : 1;
}
