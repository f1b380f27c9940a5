#include "gui/run_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/widgets.hpp"

namespace mosaic::gui {

namespace {
constexpr int kBadgesShown = 40;    // latest episodes shown as squares
constexpr float kBadgeSize = 11.f;  // [points]

void PolicyCombo(SimRunner& runner, const SimSnapshot& snapshot) {
  const auto& policies = runner.policies();
  const char* current = policies[snapshot.policy_index].name.c_str();
  ImGui::SetNextItemWidth(-1);
  if (!ImGui::BeginCombo("##policy", current)) return;
  for (int i = 0; i < static_cast<int>(policies.size()); ++i) {
    const bool available = policies[i].unavailable.empty();
    if (!available) ImGui::BeginDisabled();
    if (ImGui::Selectable(policies[i].name.c_str(), i == snapshot.policy_index))
      runner.SelectPolicy(i);
    if (!available) {
      ImGui::EndDisabled();
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("%s", policies[i].unavailable.c_str());
      }
    }
  }
  ImGui::EndCombo();
}

void Controls(SimRunner& runner, const SimSnapshot& snapshot, RunPanelState& state) {
  // ImGui 1.86 reads keys by the backend's codes: GLFW's, which are ASCII for letters.
  const bool keys = !ImGui::GetIO().WantTextInput;
  if (ImGui::Button(snapshot.playing ? "Pause" : "Play", ImVec2(60, 0)) ||
      (keys && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false))) {
    runner.SetPlaying(!snapshot.playing);
  }
  ImGui::SameLine();
  if (ImGui::Button("Step") || (keys && ImGui::IsKeyPressed('N'))) runner.StepOnce();
  ImGui::SameLine();
  if (ImGui::Button("Reset") || (keys && ImGui::IsKeyPressed('R', false))) runner.Reset(state.seed);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputScalar("##seed", ImGuiDataType_U64, &state.seed);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Seed used by Reset: episode k starts from DeriveSeed(seed, k), as in `mosaic rollout`");

  ImGui::TextUnformatted("Speed ");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##speed", kSpeedOptions[snapshot.speed_index].label)) {
    for (int i = 0; i < static_cast<int>(kSpeedOptions.size()); ++i) {
      if (ImGui::Selectable(kSpeedOptions[i].label, snapshot.speed_index == i)) runner.SetSpeed(i);
    }
    ImGui::EndCombo();
  }
  ImGui::TextUnformatted("Policy");
  ImGui::SameLine();
  PolicyCombo(runner, snapshot);
}

void EpisodeBadges(const RunStats& stats) {
  const auto& history = stats.history();
  if (history.empty()) {
    ImGui::TextDisabled("No episode finished yet.");
    return;
  }
  const EpisodeSummary& last = history.back();
  const char* verdict = last.blew_up ? "BLEW UP" : last.success ? "SUCCESS" : "FAILURE";
  Badge(verdict, last.blew_up ? kBlowUpColor : last.success ? kSuccessColor : kFailureColor);
  ImGui::SameLine();
  ImGui::TextWrapped("episode %d: return %.2f, final distance %.3f m", last.number,
                     last.episode_return, last.final_distance);

  // The latest episodes as a row of squares, oldest on the left.
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float available = ImGui::GetContentRegionAvail().x;
  const int fit = std::max(1, static_cast<int>(available / (kBadgeSize + 2.f)));
  const int count = std::min({kBadgesShown, fit, static_cast<int>(history.size())});
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int i = 0; i < count; ++i) {
    const EpisodeSummary& e = history[history.size() - count + i];
    const ImVec2 min(origin.x + i * (kBadgeSize + 2.f), origin.y);
    const ImVec2 max(min.x + kBadgeSize, min.y + kBadgeSize);
    draw->AddRectFilled(min, max,
                        e.blew_up   ? kBlowUpColor
                        : e.success ? kSuccessColor
                                    : kFailureColor,
                        2.f);
    if (ImGui::IsMouseHoveringRect(min, max)) {
      ImGui::SetTooltip("episode %d: %s\nreturn %.3f\nfinal distance %.4f m\n%d steps", e.number,
                        e.blew_up   ? "physics blew up"
                        : e.success ? "success"
                                    : "failure",
                        e.episode_return, e.final_distance, e.steps);
    }
  }
  ImGui::Dummy(ImVec2(available, kBadgeSize + 2.f));
}
}  // namespace

void DrawRunPanel(SimRunner& runner, const SimSnapshot& snapshot, RunPanelState& state) {
  Controls(runner, snapshot, state);
  const RunStats& stats = snapshot.stats;
  ImGui::Separator();
  ImGui::Text("Episode %d, step %d / %d  (seed %llu)", stats.episodes_finished() + 1,
              snapshot.episode_step, snapshot.max_episode_steps,
              static_cast<unsigned long long>(snapshot.seed));
  const float progress =
      snapshot.max_episode_steps > 0
          ? static_cast<float>(snapshot.episode_step) / snapshot.max_episode_steps
          : 0.f;
  ImGui::ProgressBar(progress, ImVec2(-1, 4), "");
  char rate[64];
  std::snprintf(rate, sizeof(rate), "success %d / %d = %.0f%%", stats.successes(),
                stats.episodes_finished(), 100.0 * stats.SuccessRate());
  ImGui::ProgressBar(static_cast<float>(stats.SuccessRate()), ImVec2(-1, 0), rate);
  if (stats.blow_ups() > 0)
    ImGui::TextColored(ImVec4(0.9f, 0.55f, 0.1f, 1), "%d episodes ended by a physics blow-up",
                       stats.blow_ups());
  EpisodeBadges(stats);
  if (!snapshot.error.empty()) ErrorText("Stopped: " + snapshot.error);
}

}  // namespace mosaic::gui
