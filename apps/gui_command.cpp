// mosaic gui: the desktop front end (gui/). Thin: options here, everything else in gui/.
#include <CLI/CLI.hpp>

#include "apps/commands.hpp"
#include "gui/gui_app.hpp"

namespace mosaic::apps {

void AddGuiCommands(CLI::App& app) {
  static gui::GuiOptions options;
  CLI::App* command = app.add_subcommand(
      "gui",
      "Open the mosaic window: compose modules, run them on a robot in Bullet, plots, the "
      "zero-shot matrix");
  CLI::Option* suite = command->add_option(
      "--suite", options.suite,
      "Suite file: its robots and tasks become the choices, its shipped modules "
      "(assets/modules/<suite>) the module library; its matrix can be computed");
  command->add_option("--modules", options.module_folders,
                      "Folder of module files to add to the library (repeatable)");
  CLI::Option* robot = command->add_option(
      "--robot", options.robot,
      "Suite robot, shipped robot name or URDF file (default arm3, or the suite's first)");
  command->add_option("--urdf", options.urdf, "URDF file of the robot (instead of --robot)")
      ->excludes(robot);
  command->add_option("--package-path", options.package_paths,
                      "Folder for package:// mesh URIs (repeatable)");
  command->add_option("--task", options.task, "Task name (default reach, or the suite's first)");
  command->add_option(
      "--policy", options.policy,
      "composed | scripted | random | zero (default: composed when the library "
      "has modules that fit, else scripted where it handles the task, else random)");
  command->add_option("--matrix", options.matrix,
                      "Zero-shot matrix to show (the JSON of `mosaic zeroshot --json`)");
  command
      ->add_option("--compute-matrix", options.compute_matrix,
                   "Compute the suite's zero-shot matrix at start with N episodes per cell "
                   "(headless runs wait for it)")
      ->check(CLI::PositiveNumber)
      ->needs(suite);
  command->add_option(
      "--seed", options.seed,
      "Seed; episode k starts from a seed derived from it and k, as in `mosaic rollout`");
  command->add_option(
      "--speed", options.speed,
      "Simulation speed: 0.25x, 0.5x, 1x (default), 2x, 4x, 8x, or max (as fast as possible)");
  command->add_option("--screenshot", options.screenshot,
                      "Write the last frame to this PNG file and exit");
  command->add_option(
      "--frames", options.frames,
      "Render this many frames, print the frame time, and exit (60 with --screenshot)");
  command->add_option("--size", options.size,
                      "Window size WIDTHxHEIGHT in pixels (default 1280x720)");
  command->footer(
      R"(Mouse in the 3-D view: left drag orbits, right or middle drag (or shift + left drag) pans,
the wheel zooms, a double click re-frames. Keys: space plays or pauses, N steps, R resets.
Compose panel: click a robot module and a task module, read the verdict, Run. Matrix: click a
cell to run that composition.
Headless, for pictures and tests (prints the frame time and the composer's verdict):
  xvfb-run -a -s "-screen 0 1280x720x24" mosaic gui --suite assets/suites/arms.json \
      --robot arm3 --task push --screenshot shot.png --frames 120)");
  command->callback([] { gui::RunGui(options); });
}

}  // namespace mosaic::apps
