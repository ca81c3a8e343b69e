/** The glowing corner brackets of the map stage. */
export function StageCorners() {
  return (
    <>
      <span className="stage__corner stage__corner--tl" aria-hidden="true" />
      <span className="stage__corner stage__corner--tr" aria-hidden="true" />
      <span className="stage__corner stage__corner--bl" aria-hidden="true" />
      <span className="stage__corner stage__corner--br" aria-hidden="true" />
    </>
  );
}
