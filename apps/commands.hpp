// Each file in apps/ adds one command group to the `mosaic` CLI.
#pragma once

namespace CLI {
class App;
}

namespace mosaic::apps {

void AddRobotsCommands(CLI::App& app);
void AddTasksCommands(CLI::App& app);  // tasks list/show, rollout
void AddBenchCommands(CLI::App& app);
void AddGuiCommands(CLI::App& app);  // only in builds with MOSAIC_WITH_GUI
// train and bench train (after AddBenchCommands); argv is recorded in module provenance.
void AddTrainCommands(CLI::App& app, int argc, char** argv);
// modules list/show and zeroshot; zeroshot sets exit_status (3 when --min-success is missed).
void AddModulesCommands(CLI::App& app, int& exit_status);
void AddExtendCommands(CLI::App& app, int argc, char** argv, int& exit_status);

}  // namespace mosaic::apps
