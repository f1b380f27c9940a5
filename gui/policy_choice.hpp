// The policies the run panel offers: the built-in ones, and the composed one through a hook.
//
// A PolicyEntry is a named factory: on every reset of the run, the sim thread calls make(env,
// seed) for a fresh PolicyChoice, so a seeded policy replays exactly. A PolicyChoice is what
// drives the robot: `act` writes the action, and `interface`, when set, returns the interface
// vector z that the last act() produced (the plots panel draws it as a bar chart).
//
// The composed policy (robot module + task module) is one such entry: ComposeState::ComposedEntry
// (gui/compose_state.hpp) builds it, and Scene::Load takes it through its RobotPolicies hook
// (gui/scene.hpp), listed first so it is the default when it can run. Other policies can be
// passed in SceneRequest::extra_policies. Threading: act and interface are only ever called on
// the sim thread, interface right after act, so neither needs a lock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/rollout.hpp"

namespace mosaic::gui {

// The name of the composed policy in the run panel (and for --policy).
inline constexpr const char* kComposedPolicy = "composed";

struct PolicyChoice {
  std::string name;
  sim::PolicyFn act;
  // z after the last act() (size: the interface dimension d); null for policies without one.
  std::function<std::vector<float>()> interface;
};

struct PolicyEntry {
  std::string name;         // shown in the run panel's list
  std::string unavailable;  // why it cannot drive this robot and task; empty when it can
  std::function<PolicyChoice(const sim::Env& env, uint64_t seed)> make;
};

// scripted (reach tasks only; elsewhere listed as unavailable with the scripted policy's own
// reason), random (seeded like `mosaic rollout --policy random`) and zero, in that order.
std::vector<PolicyEntry> BuiltinPolicies(const sim::Env& env);

// Index of the entry called `name` if it is available, else of the first available entry; -1 when
// nothing is available.
int PickPolicy(const std::vector<PolicyEntry>& entries, const std::string& name);

}  // namespace mosaic::gui
