#pragma once
/// User-facing input errors raised by the engine (not by the YAML loader, which has its own
/// ScenarioError with file/line/column diagnostics). The CLI maps both to exit code 2.
#include <stdexcept>
#include <string>

namespace bmd::sim {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace bmd::sim
