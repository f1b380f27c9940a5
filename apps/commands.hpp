// Each file in apps/ adds one command group to the `mosaic` CLI.
#pragma once

namespace CLI {
class App;
}

namespace mosaic::apps {

void AddRobotsCommands(CLI::App& app);
void AddTasksCommands(CLI::App& app);  // tasks list/show, rollout
void AddBenchCommands(CLI::App& app);

}  // namespace mosaic::apps
