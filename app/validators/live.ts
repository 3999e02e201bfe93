import vine from '@vinejs/vine'

/** A desk ticket page's presence heartbeat: still here, writing, or gone. */
export const presenceValidator = vine.compile(
  vine.object({
    typing: vine.boolean().optional(),
    leave: vine.boolean().optional(),
  })
)
