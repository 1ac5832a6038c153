import type { FastifyReply, FastifyRequest } from "fastify";

/** A page for signed-in people: anyone else goes to sign in first. */
export const requireSignIn = async (request: FastifyRequest, reply: FastifyReply) => {
  if (!request.auth) return reply.redirect("/signin", 303);
};

/** The route options of such a page. */
export const signedIn = { preHandler: requireSignIn };
