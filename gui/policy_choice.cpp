#include "gui/policy_choice.hpp"

#include "common/error.hpp"
#include "common/rng.hpp"
#include "sim/scripted_policy.hpp"

namespace mosaic::gui {

namespace {
// The stream `mosaic rollout` derives its random policy's seed from, so the GUI and the CLI
// draw the same actions for the same --seed.
constexpr uint64_t kRandomPolicyStream = 1u << 20;
}  // namespace

std::vector<PolicyEntry> BuiltinPolicies(const sim::Env& env) {
  std::vector<PolicyEntry> entries;
  PolicyEntry scripted{"scripted", "", [](const sim::Env& env, uint64_t) {
                         return PolicyChoice{"scripted", sim::ScriptedReachPolicy(env), {}};
                       }};
  try {
    sim::ScriptedReachPolicy(env);  // only to learn whether it handles this task
  } catch (const Error& e) {
    scripted.unavailable = e.what();
  }
  entries.push_back(std::move(scripted));
  entries.push_back({"random", "", [](const sim::Env&, uint64_t seed) {
                       return PolicyChoice{
                           "random", sim::RandomPolicy(DeriveSeed(seed, kRandomPolicyStream)), {}};
                     }});
  entries.push_back({"zero", "", [](const sim::Env&, uint64_t) {
                       return PolicyChoice{"zero", sim::ZeroPolicy(), {}};
                     }});
  return entries;
}

int PickPolicy(const std::vector<PolicyEntry>& entries, const std::string& name) {
  int first_available = -1;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].unavailable.empty()) continue;
    if (entries[i].name == name) return static_cast<int>(i);
    if (first_available < 0) first_available = static_cast<int>(i);
  }
  return first_available;
}

}  // namespace mosaic::gui
