#include "sim/scenario/override.h"

#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/scenario_error.h"

namespace bmd::sim {

Override ParseOverrideArgument(std::string_view argument) {
  const std::size_t eq = argument.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    Diagnostic d;
    d.file = "<override " + std::string(argument.substr(0, 200)) + ">";
    d.message = "expected PATH=VALUE, e.g. 'threats[0].launch.time=120 s'; got " + Quote(argument);
    throw ScenarioError({d});
  }
  Override o;
  o.path = std::string(argument.substr(0, eq));
  o.value_text = std::string(argument.substr(eq + 1));
  // Trim spaces around the path ("a.b = 3 s").
  while (!o.path.empty() && o.path.back() == ' ') o.path.pop_back();
  while (!o.path.empty() && o.path.front() == ' ') o.path.erase(0, 1);
  return o;
}

}  // namespace bmd::sim
