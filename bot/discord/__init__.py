"""The Discord adapter: the only package of bot/ that may import discord.

app.py starts the bot (run, sync); client.py is ElectionBot; tree.py its one error handler;
reply.py answers an interaction; options.py the option types; message.py builds the message
(embeds and persistent buttons) for a card; buttons.py answers every click; detail.py the
private "Sources & notes"; mentions.py /help's </command:id> links; views.py what every
message shares; embed.py turns a Card into embeds; checks.py who may run the admin
commands; tuning.py what the benchmarks asked for. The core (answers, store, render) never
sees a discord object: a cog parses options, calls reply.ask with a declaration from
bot/questions.py, and that is all.
Kept empty of imports: importing bot.discord.embed should not start the client.
"""
