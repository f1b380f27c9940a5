// mosaic gui (placeholder until the GUI lands)
#include <CLI/CLI.hpp>

#include "apps/commands.hpp"
#include "gui/gui_app.hpp"

namespace mosaic::apps {

void AddGuiCommands(CLI::App& app) {
  static gui::GuiOptions options;
  CLI::App* command = app.add_subcommand("gui", "Open the mosaic window");
  command->callback([] { gui::RunGui(options); });
}

}  // namespace mosaic::apps
