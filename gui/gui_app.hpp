// mosaic gui: entry point of the front end (placeholder until the GUI lands).
#pragma once

namespace mosaic::gui {

struct GuiOptions {};

int RunGui(const GuiOptions& options);

}  // namespace mosaic::gui
