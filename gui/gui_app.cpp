#include "gui/gui_app.hpp"

namespace mosaic::gui {

int RunGui(const GuiOptions&) { return 0; }

}  // namespace mosaic::gui
