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

}  // namespace mosaic::apps
