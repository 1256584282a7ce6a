#include <cstdio>

#include "sim/version.h"

int main() {
  std::printf("bmdsim %s (%s)\n", bmd::kProgramVersion, bmd::kGitRevision);
  return 0;
}
