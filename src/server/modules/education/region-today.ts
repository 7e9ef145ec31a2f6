/** Today's date in the region's time zone: at 07:00 in Irkutsk it is still yesterday in UTC. */
export const regionToday = (timeZone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
