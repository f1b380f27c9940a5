// mosaic gui: the desktop front end (Dear ImGui + GLFW, OpenGL 3.3 core). RunGui opens the
// window with a robot on a task — driven by the composed policy when the module library has
// modules that fit — and optionally a suite (its robots, tasks and modules) and a zero-shot
// matrix; with --screenshot or --frames it renders that many frames, writes the PNG, prints the
// frame time and the composer's verdict, and exits.
//
// Bad input (a missing URDF, an unknown task, a malformed matrix file) is shown in the window;
// in headless use (screenshot/frames) it is a mosaic::Error instead, so scripts get a non-zero
// exit status and the message.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mosaic::gui {

struct GuiOptions {
  std::string suite;  // suite file: its robots and tasks are the pickers' choices, its shipped
                      // modules (assets/modules/<suite name>) the module library
  std::vector<std::string> module_folders;  // more folders of module files for the library
  std::string robot;  // a suite's robot, a shipped robot name or a URDF path; empty: arm3, or
                      // the suite's first robot when it has no arm3
  std::string urdf;   // URDF file; takes the place of `robot`
  std::vector<std::string> package_paths;  // folders for package:// URIs
  std::string task;    // empty: reach, or the suite's first task when it has no reach
  std::string policy;  // composed, scripted, random or zero; empty: the first that can drive the
                       // robot on the task (composed when the modules fit)
  std::string matrix;  // `mosaic zeroshot --json` file to open
  int compute_matrix = 0;  // > 0: compute the suite's matrix at start, this many episodes a cell
                           // (headless runs wait for it before the screenshot)
  uint64_t seed = 0;
  std::string speed = "1x";       // 0.25x, 0.5x, 1x, 2x, 4x, 8x, or max (as fast as possible)
  std::string screenshot;         // PNG written after the last frame
  int frames = 0;                 // frames to render before exiting; 0: until the window closes
                                  // (60 with --screenshot)
  std::string size = "1280x720";  // window size, WIDTHxHEIGHT [pixels]
};

// "1280x720" -> {1280, 720}; throws mosaic::Error for anything else (both in 16..16384).
std::pair<int, int> ParseWindowSize(const std::string& text);

// "1x" -> index into kSpeedOptions (gui/run_stats.hpp); "max": as fast as possible. Throws
// mosaic::Error listing the choices for anything else.
int ParseSpeed(const std::string& text);

// Runs until the window closes (or the frames are done). Throws mosaic::Error for bad arguments,
// for bad input in headless use, and when no window can be opened (no display, no OpenGL 3.3).
void RunGui(const GuiOptions& options);

}  // namespace mosaic::gui
