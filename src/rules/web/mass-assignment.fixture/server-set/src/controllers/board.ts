import Board from '../models/board';

export function createBoard(teamId: string, board: Record<string, unknown>, userId: string) {
  // The keys after the spread override the client's: it cannot move the board to another team.
  // ok: mass-assignment
  return Board.create({
    ...board,
    team: teamId,
    createdBy: userId,
  });
}

export function renameBoard(teamId: string, id: string, board: Record<string, unknown>) {
  // createdBy is left to the client.
  // ruleid: mass-assignment
  return Board.findOneAndUpdate({ _id: id, team: teamId }, { ...board, team: teamId }, { new: true });
}
