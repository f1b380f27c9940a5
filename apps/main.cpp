// mosaic — modular robot-task policies. Entry point of the command line: parses arguments with
// CLI11 and turns every mosaic::Error into "mosaic: error: ..." on stderr with exit status 1.
#include <CLI/CLI.hpp>
#include <iostream>

#include "apps/commands.hpp"
#include "common/blas_kernels.hpp"
#include "common/error.hpp"

int main(int argc, char** argv) {
  mosaic::UseFastBlasKernels(argv);
  CLI::App app{
      "mosaic: modular robot-task policies (robot modules x task modules, composed zero-shot)"};
  app.set_version_flag("--version", std::string("mosaic ") + mosaic::Version());
  app.require_subcommand(1);
  app.footer(R"(Examples:
  mosaic robots list                           shipped robots with DoF and reach
  mosaic train assets/suites/arms.json --out runs/arms --seed 1
  mosaic zeroshot assets/suites/arms.json      the zero-shot matrix of the shipped modules
  mosaic extend assets/suites/arms.json --robot my_arm.urdf --train-on reach
  mosaic robots show arm3                      joints, limits and geometry of a robot
  mosaic robots check my_arm.urdf --ee tool0   load a URDF, simulate it in Bullet, report
  mosaic robots check xarm6_robot.urdf --package-path ./xarm --json
  mosaic tasks show push                       a task's observation fields
  mosaic rollout --robot arm4 --task push --policy random --episodes 20 --seed 3
  mosaic bench env --robot arm3 --task reach --threads 2)");
  mosaic::apps::AddRobotsCommands(app);
  mosaic::apps::AddTasksCommands(app);
  mosaic::apps::AddBenchCommands(app);
  mosaic::apps::AddTrainCommands(app, argc, argv);
  int exit_status = 0;
  mosaic::apps::AddModulesCommands(app, exit_status);
  mosaic::apps::AddExtendCommands(app, argc, argv, exit_status);
#ifdef MOSAIC_WITH_GUI
  mosaic::apps::AddGuiCommands(app);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const mosaic::Error& e) {
    std::cerr << "mosaic: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "mosaic: internal error: " << e.what() << "\n";
    return 1;
  }
  return exit_status;
}
