// A scripted controller for reach-type tasks: Jacobian transpose toward the goal, using only the
// environment's own observation (the "ee" field and the goal from "goal" (with "goal_minus_ee"),
// or from "targets" selected by "cue") and the robot's joint positions. It proves tasks are
// solvable and success is computed right; `mosaic rollout --policy scripted` runs it.
#pragma once

#include "sim/rollout.hpp"

namespace mosaic::sim {

// Throws Error when the task's layout has neither a hand goal nor "targets" + "cue" fields.
PolicyFn ScriptedReachPolicy(const Env& env);

}  // namespace mosaic::sim
