// Compose panel: the robot module and task module picked, the composer's verdict on them for the
// scene's robot and task (a green FITS, or a red DOES NOT FIT with the composer's own messages),
// and Run. Module library panel: robot and task modules grouped by family, their metadata in a
// tooltip (interface size, observation layout, architecture, provenance); clicking a module
// picks it; a module file can be opened by path and a folder added; bad files' errors show here.
// The logic lives in ComposeState (gui/compose_state.hpp); this file only draws it.
#pragma once

#include <string>

#include "gui/compose_state.hpp"
#include "gui/scene.hpp"

namespace mosaic::gui {

struct ComposePanelState {
  std::string folder_field;  // a folder to add to the library
  std::string file_field;    // a module file to open
};

// Returns true when the user asks to run the picked composition (on the robot and task its
// modules were trained for).
bool DrawComposePanel(const ComposeState& compose, const Scene* scene);

// Re-checks the verdict (for `scene`, which may be null) when the picks change.
void DrawModuleLibrary(ComposePanelState& state, ComposeState& compose, const Scene* scene);

}  // namespace mosaic::gui
