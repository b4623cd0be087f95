namespace MeshBot.StateMachine;
